# SPDX-License-Identifier: GPL-3.0-or-later
"""The one AJP secret rule (plugins/module_utils/_ajp_secret.py), shared by both roles."""

import pytest

from ansible_collections.webtier.tomcat_cluster.plugins.module_utils._ajp_secret import secret_problems

GOOD = 'Q7vT2mLx9PzR4kWc8NbY'


def test_a_good_secret_has_no_problem():
    assert secret_problems(GOOD) == [] and secret_problems('a' * 15 + 'B', 16) == []


@pytest.mark.parametrize('secret, fragment', [
    (None, 'not set'), ('', 'not set'), (1234567890123456, 'not a string'),
    ('Short1', 'shorter than 16'),
    (GOOD + '\n', 'other than ASCII letters and digits'),   # "$" would have let a trailing newline through
    (GOOD + '=', 'other than ASCII letters and digits'),
    ('Q7vT2mLx9PzR4kWc8NbÝ', 'other than ASCII letters and digits'),
    ('ChangeitChangeitChangeit', 'weak words'), ('tomcatsecretadmin0123456789', 'weak words'),
    ('aaaaaaaaaaaaaaaaaaaa', 'repeats one character'),
])
def test_bad_secrets_are_named_without_the_secret(secret, fragment):
    problems = secret_problems(secret)
    assert any(fragment in p for p in problems), problems
    if isinstance(secret, str) and secret:
        assert not any(secret.strip() in p for p in problems)


def test_the_minimum_length_is_a_parameter():
    assert secret_problems(GOOD, 32) == ['it is shorter than 32 characters']
    assert secret_problems(GOOD, 'x') == ["the minimum length 'x' is not a number"]
