# The few commands people type. Each target sets up .venv first, so a fresh clone needs nothing else.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help install system-test system-pdf check sync new serve build pdf dist offline-assets test lint bench clean

help: ## 列出可用命令
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(STAMP) ## 建立 .venv 并安装固定版本的依赖

# A second environment with ProperDocs (the maintained fork of MkDocs 1.6): the tests build with both engines.
PROPERDOCS := .venv-properdocs/.installed
$(PROPERDOCS): pyproject.toml
	python3 -m venv .venv-properdocs
	.venv-properdocs/bin/python -m pip install --quiet --upgrade pip
	.venv-properdocs/bin/python -m pip install --quiet -e '.[properdocs]'
	touch $@

# Debian packages (chromium, fonts, nginx, pdftotext, npm): installed when missing and run as root,
# otherwise the target stops at once with the one command to run.
system-test:
	@sh deploy/debian-packages test
system-pdf:
	@sh deploy/debian-packages pdf

check: $(STAMP) ## 校验 data/ 与做法页面，列出全部问题（文件:行: 字段: 说明）
	$(PY) -m macros check

# The values reach the command through the environment ("$$NAME"), never pasted into the shell line:
# a name with quotes, `$(…)` or backticks stays text.
export SLUG NAME PLACE THEME SOURCE
new: $(STAMP) ## 新建做法：make new SLUG=tese-shequ NAME=特色社区 PLACE=weidu-qu THEME=organization SOURCE=weidu-hongse-dongneng
	$(PY) -m macros new practice "$$SLUG" --name "$$NAME" --place "$$PLACE" --theme "$$THEME" --source "$$SOURCE"

sync: $(STAMP) ## 校验后重新生成搜索词典等派生文件
	$(PY) -m macros sync

serve: sync ## 本地预览：http://127.0.0.1:8000；做法很多时用 make serve FAST=1（只重建改动的页面）
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000 $(if $(FAST),--dirty --no-strict)

build: $(STAMP) ## 构建到 site/；构建失败时原有 site/ 保持不变
	$(PY) -m macros build --site-dir site

pdf: system-pdf build ## 装好 Debian 的 chromium 再构建：每门课程的讲义 PDF（教师版、学员版）随构建生成在 site/downloads/courses/

dist: system-pdf $(STAMP) offline-assets ## 构建网站版 site/ 和离线版 site-offline/（含课程讲义 PDF），打包 dist/<名称>-<版本>.zip 及 .sha256
	$(PY) -m macros dist

SHIM := overrides/assets/javascripts/iframe-worker-shim.js
node_modules/iframe-worker/shim/index.js: package.json
	@command -v npm >/dev/null || sh deploy/debian-packages test
	npm install --no-audit --no-fund --loglevel=error
	touch $@

$(SHIM): node_modules/iframe-worker/shim/index.js
	cp $< $@

offline-assets: $(SHIM) ## 从 npm 安装离线版需要的 iframe-worker 脚本

lint: $(STAMP) ## 代码风格检查
	$(PY) -m ruff check macros tests bench

test: system-test lint offline-assets $(PROPERDOCS) ## 运行全部测试（含无头 Chromium 浏览器测试）
	$(PY) -m pytest

REPEAT ?= 1
bench: $(STAMP) ## 性能基准：合成 N=100/1000/5000 个做法并构建（约 15 分钟），可用 make bench SIZES="100 1000" REPEAT=3
	$(PY) -m bench $(SIZES) --repeat $(REPEAT)

clean: ## 删除构建输出和 .cache/（已校验数据的缓存）
	rm -rf site site-offline dist .site-* .cache docs/downloads
