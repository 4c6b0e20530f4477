# -*- coding: utf-8 -*-
# Copyright (c) 2026, webtier maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The JSP pages the integration tests put into a real Tomcat's ROOT webapp (tests/integration/conftest.py).

Not a test file: imported as ``ansible_collections.webtier.tomcat_cluster.tests.unit.helpers.tomcat_jsp``.
"""

from __future__ import annotations

# A JSP that creates a session, so the response carries JSESSIONID=<id>.<jvmRoute>
SESSION_JSP = """<%@ page contentType="text/plain; charset=UTF-8" %><%
Integer n = (Integer) session.getAttribute("count");
n = (n == null) ? 1 : n + 1;
session.setAttribute("count", n);
%>session=<%= session.getId() %> count=<%= n %> method=<%= request.getMethod() %> query=<%= request.getQueryString() %> \
remote=<%= request.getRemoteAddr() %> server=<%= request.getServerName() %>:<%= request.getServerPort() %> \
secure=<%= request.isSecure() %> x-test=<%= request.getHeader("X-Test") %> length=<%= request.getContentLength() %>
"""

# Echoes the request body back (for POST/PUT through GET_BODY_CHUNK)
ECHO_JSP = """<%@ page contentType="application/octet-stream" session="false" %><%
java.io.InputStream in = request.getInputStream();
java.io.OutputStream o = response.getOutputStream();
byte[] buf = new byte[8192];
int r;
while ((r = in.read(buf)) > 0) { o.write(buf, 0, r); }
o.flush();
%>"""

# Sets the Content-Type from the parameter ct (Tomcat passes a value it cannot parse through
# unchanged, e.g. "text;charset=idna") and answers the bytes given in hex (default "h\u00e9llo" in UTF-8)
CONTENT_TYPE_JSP = """<%@ page session="false" %><%
String ct = request.getParameter("ct");
if (ct != null) { response.setContentType(ct); }
String hex = request.getParameter("hex");
byte[] data;
if (hex == null) {
    data = "h\\u00e9llo".getBytes("UTF-8");
} else {
    data = new byte[hex.length() / 2];
    for (int i = 0; i < data.length; i++) { data[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16); }
}
response.setContentLength(data.length);
java.io.OutputStream o = response.getOutputStream();
o.write(data);
o.flush();
%>"""

# Answers n bytes of "x" (for the response size limit)
BIG_JSP = """<%@ page session="false" contentType="application/octet-stream" %><%
long n = Long.parseLong(request.getParameter("n"));
byte[] buf = new byte[65536];
java.util.Arrays.fill(buf, (byte) 'x');
java.io.OutputStream o = response.getOutputStream();
for (long left = n; left > 0; left -= buf.length) { o.write(buf, 0, (int) Math.min(buf.length, left)); }
o.flush();
%>"""
