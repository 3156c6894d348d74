# HISOps: `make demo` runs the product on its embedded defaults; `make test` runs the suite.
# Both work from a fresh clone: they create .venv, install Python and browser assets from
# the package registries, and (for tests) Debian's Chromium for the browser tests.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APT_GET := $(shell command -v apt-get 2>/dev/null)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
VENDOR := src/hisops/static/vendor
PYTEST_ARGS ?=

.PHONY: demo test install assets system-deps test-deps lint format messages bench clean

# `make demo PORT=8300` serves on another port (default 8000).
demo: install
	$(BIN)/hisops demo $(if $(PORT),--port $(PORT))

test: install test-deps
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

install: $(VENV)/.installed assets

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "HISOps needs Python >= 3.11 (set PYTHON=...)"; exit 1; }
	@test -e /usr/include/ldap.h -a -e /usr/include/sasl/sasl.h || $(MAKE) system-deps NEED="libldap2-dev libsasl2-dev"
	@{ ldconfig -p | grep -q libpangoft2-1.0 && fc-list :lang=zh | grep -q .; } 2>/dev/null || $(MAKE) system-deps NEED="libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Bootstrap, its icons, htmx and ECharts come from the npm registry at build time and are served by
# the app itself: hospital intranets have no internet, so no CDN.
assets: $(VENDOR)/.installed

$(VENDOR)/.installed: package.json package-lock.json
	@command -v npm >/dev/null || $(MAKE) system-deps NEED=npm
	npm ci --no-audit --no-fund --silent
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/bootstrap $(VENDOR)/bootstrap-icons $(VENDOR)/htmx $(VENDOR)/echarts
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map $(VENDOR)/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map $(VENDOR)/bootstrap/
	cp -r node_modules/bootstrap-icons/font/bootstrap-icons.min.css node_modules/bootstrap-icons/font/fonts $(VENDOR)/bootstrap-icons/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/echarts/
	touch $@

# System packages, installed with apt-get when missing: npm for the assets, the LDAP headers
# python-ldap builds against, Pango and CJK fonts for the PDFs WeasyPrint writes, Debian's Chromium, CJK fonts, dovecot and slapd for the tests.
system-deps:
	@if [ -n "$(APT_GET)" ]; then \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(or $(NEED),$(TEST_PACKAGES)) >/dev/null; \
	else echo "Install $(or $(NEED),chromium) with your package manager"; exit 1; fi

# What the tests talk to for real: Debian's Chromium (browser tests), dovecot (an IMAP
# server the mail intake tests start on loopback) and slapd (the directory the LDAP sign-in
# tests start on loopback), each with the tests' own configuration.
TEST_PACKAGES := chromium fonts-noto-cjk dovecot-imapd slapd
test-deps:
	@{ command -v chromium && { command -v dovecot || test -x /usr/sbin/dovecot; } && test -x /usr/sbin/slapd; } >/dev/null || $(MAKE) system-deps

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install
	cd src/hisops && ../../$(BIN)/django-admin makemessages -l zh_Hans --ignore 'static/*' && \
		../../$(BIN)/django-admin compilemessages -l zh_Hans

bench: install
	$(BIN)/hisops bench catalog --items 100000

clean:
	rm -rf $(VENV) node_modules $(VENDOR) .pytest_cache
