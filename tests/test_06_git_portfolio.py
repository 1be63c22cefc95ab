"""06 Question 25 (a portfolio page, docs/index.md, published with GitHub
Pages from /docs): a link must work on the published site, which holds docs/
only. The test cell runs in-process on one function: the GitHub address of a
file outside docs/ (at the version's tag, or main) passes; `../churn/train.py`,
which works on github.com but is a 404 on the site, fails (before the
educator's review it was the only link accepted, and the working absolute
address was refused)."""
from __future__ import annotations

import functools
import importlib.util
import linecache

import pytest

from conftest import REPO
from workbook.checks.core import CheckFailed
from workbook.course import nb as nbm


@functools.lru_cache(maxsize=None)
def cell() -> str:
    nb = nbm.read(REPO / "source" / "06_git" / "06_git.ipynb")
    return next(c.source for c in nb.cells if c.get("id") == "test_q25_portfolio_page")


@functools.lru_cache(maxsize=None)
def exercises():
    spec = importlib.util.spec_from_file_location("exercises_06", REPO / "source" / "06_git" / "exercises.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def page_function(code: str):
    namespace = {}
    exec(code, namespace)
    return namespace["portfolio_page"]


def run(code: str) -> str | None:
    """None when q25's cell (visible and hidden parts) passes this answer, else its failure."""
    source, filename = cell(), "/tmp/ipykernel_0/test_q25_portfolio_page.py"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    try:
        exec(compile(source, filename, "exec"), {"portfolio_page": page_function(code)})
    except CheckFailed as failure:
        return "\n".join(failure.lines())
    return None


def with_links(link: str) -> str:
    """The solution with its link() for a file outside docs/ replaced by ``link`` (an f-string body)."""
    old = "return f\"{project['repository']}/blob/{project['version']}/{path}\""
    assert old in exercises().PORTFOLIO
    return exercises().PORTFOLIO.replace(old, f"return f\"{link}\"")


@pytest.mark.parametrize("name", ["PORTFOLIO", "PORTFOLIO_TEMPLATE", "PORTFOLIO_HAND"])
def test_the_solution_and_alternatives_pass(name):
    assert run(getattr(exercises(), name)) is None


@pytest.mark.parametrize("link", [
    "{project['repository']}/blob/{project['version']}/{path}",   # at the release's tag
    "{project['repository']}/blob/main/{path}",                   # at main: allowed, though it moves
])
def test_the_github_address_of_a_file_outside_docs_passes(link):
    assert run(with_links(link)) is None


@pytest.mark.parametrize("link", [
    "../{path}",                                                    # a 404 on the site published from docs/
    "{path}",                                                       # docs/churn/train.py: nowhere
    "https://github.com/someone-else/daon-churn/blob/v1.0.0/{path}",
    "{project['repository']}/{path}",                               # no blob/REF: a 404
    "{project['repository']}/blob/{project['version']}/{path}?plain=1",
])
def test_a_link_that_does_not_work_on_the_published_site_fails(link):
    failure = run(with_links(link))
    assert failure is not None and "on the site published from docs/" in failure, failure


def test_the_old_answer_relative_from_docs_fails():
    old = exercises().PORTFOLIO.replace("({link(path)})", "({rel(path)})")
    assert old != exercises().PORTFOLIO
    failure = run(old)
    assert failure is not None and "[training script](../churn/train.py)" in failure, failure
