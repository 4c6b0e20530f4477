# webtier.tomcat_cluster: the two commands of the README and their helpers.
#   make lab            bring up the container lab and run the rollout + verification (the main job)
#   make test           run every test; ends with "N passed, N failed"
SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help test lab lab-destroy bootstrap unit sanity lint molecule build clean

help:
	@echo "make lab          start was-01/02, web-01/02, outsider; run playbooks/site.yml + verify.yml"
	@echo "make lab-destroy  remove the lab containers and network"
	@echo "make test         venv, Docker, image, fixtures; unit+integration, sanity, lint, molecule"
	@echo "make build        ansible-galaxy collection build into build/"

test:
	@scripts/test.sh all

unit sanity lint molecule:
	@scripts/test.sh $@

bootstrap:
	@scripts/bootstrap.sh

lab:
	@scripts/lab.sh up

lab-destroy:
	@scripts/lab.sh destroy

build: bootstrap
	@. scripts/env.sh && mkdir -p build && ansible-galaxy collection build --force --output-path build .

clean: lab-destroy
	rm -rf .cache build
