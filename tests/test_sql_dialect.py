"""workbook.checks.sqldialect: a MySQL answer (02_sql q19) is refused where MySQL 8 refuses it, and
translated to SQLite (sqlglot) where it is MySQL, with MySQL's results on the shop's database."""
import pytest

from workbook.checks.core import CheckFailed
from workbook.checks.sqlrun import fetch
from workbook.checks.sqldialect import to_sqlite


def refused(query: str) -> str:
    with pytest.raises(CheckFailed) as e:
        to_sqlite(query)
    return str(e.value)


@pytest.mark.parametrize("query, named", [
    ("SELECT strftime('%Y.%m.%d', signup_date) FROM customers", "strftime() is a function of SQLite"),
    ("SELECT julianday('2026-06-30') - julianday(signup_date) FROM customers", "julianday() is a function of SQLite"),
    ("SELECT name || ' (' || phone || ')' FROM customers", "MySQL reads || as OR"),
    ("SELECT DATE(signup_date, '-60 days') FROM customers", "MySQL's DATE() takes one argument"),
    ("SELECT IIF(phone IS NULL, 'x', phone) FROM customers", "IIF() is a function of SQLite"),
    ("SELECT NVL(phone, 'x') FROM customers", "NVL() is a function of Oracle"),
    ("SELECT to_char(signup_date, 'YYYY-MM') FROM customers", "to_char() is a function of PostgreSQL/Oracle"),
    ("SELECT signup_date::date FROM customers", "PostgreSQL's cast"),
    ("SELECT customer_id FROM customers FETCH FIRST 5 ROWS ONLY", "MySQL has no FETCH FIRST"),
    ("SELECT customer_id, FROM customers", "a comma with nothing after it"),
    ("SELECT name FROM customers WHERE name ILIKE 'kim%'", "ILIKE is PostgreSQL's"),
    ("SELECT name FROM customers ORDER BY phone NULLS LAST", "NULLS LAST is PostgreSQL's and SQLite's"),
    ("SELECT name FROM customers ORDER BY phone DESC NULLS FIRST", "MySQL has no NULLS FIRST or LAST"),
    ("SELECT CAST(customer_id AS TEXT) FROM customers", "MySQL's CAST has no type TEXT"),
    ("SELECT CAST(customer_id AS INTEGER) FROM customers", "MySQL's CAST has no type INTEGER"),
    ("SELECT name FROM customers WHERE name GLOB '김*'", "GLOB is SQLite's"),
    ("SELECT ISNULL(phone, 'no phone') FROM customers", "ISNULL(value, other) is SQL Server's"),
])
def test_what_mysql_refuses_and_sqlglot_would_accept_is_refused_by_name(query, named):
    import sqlglot
    sqlglot.transpile(query, read="mysql", write="sqlite")   # sqlglot alone accepts it (or changes it)
    message = refused(query)
    assert "is not MySQL" in message and named in message, message
    assert "^" in message    # the line, with a caret under what MySQL refuses


def test_invalid_mysql_gets_the_parsers_error_and_where():
    message = refused("SELECT customer_id FROM customers WHERE")
    assert "is not valid MySQL" in message and "^^^^^" in message and "<class" not in message
    assert "not valid MySQL" in refused("SELECT 'abc FROM customers")
    assert "more than one SQL statement" in refused("SELECT 1; SELECT 2")
    assert "could not read your query" in refused("SELECT " + "(" * 3000 + "1" + ")" * 3000)


def test_a_mysql_function_the_translation_cannot_express_says_so_with_the_translation():
    message = refused("SELECT STR_TO_DATE('June 1 2026', '%M %d %Y')")    # a month's name: not translated
    assert "SQLite cannot run the translation of your MySQL query: no such function: STR_TO_DATE" in message
    assert "translation: SELECT STR_TO_DATE" in message
    # months are not translated: SQLite's '-1 MONTH' overflows (03-31 -> 03-03) where MySQL clamps (02-28)
    assert "no such function: DATE_SUB" in refused("SELECT DATE_SUB('2026-03-31', INTERVAL 1 MONTH)")


@pytest.mark.parametrize("mysql, expected", [
    ("SELECT DATE_FORMAT('2026-06-07', '%Y.%m.%d')", "2026.06.07"),
    ("SELECT CONCAT('김유진', ' (', IFNULL(NULL, 'no phone'), ')')", "김유진 (no phone)"),
    ("SELECT CONCAT('a', NULL)", None),                      # MySQL: NULL, as SQLite's ||
    ("SELECT \"Seoul\"", "Seoul"),                            # MySQL: a string in double quotes
    ("SELECT YEAR('2026-06-07') * 100 + MONTH('2026-06-07')", 202606),
    ("SELECT DAY('2026-06-07') + EXTRACT(MONTH FROM '2026-06-07')", 13),
    ("SELECT LEFT('2026-06-07', 7)", "2026-06"),
    ("SELECT LAST_DAY('2026-02-03')", "2026-02-28"),
    ("SELECT DATE_SUB('2026-03-01', INTERVAL 1 DAY)", "2026-02-28"),
    ("SELECT CONCAT_WS('-', 'a', NULL, 'b')", "a-b"),         # MySQL skips a NULL part
    ("SELECT CONCAT_WS(NULL, 'a')", None),                    # and gives NULL for a NULL separator
    ("SELECT IF(NULL IS NULL, 'y', 'n')", "y"),
    ("SELECT DATEDIFF('2026-06-30', '2026-05-01')", 60),
    ("SELECT STR_TO_DATE('2026.06.01', '%Y.%m.%d')", "2026-06-01"),
    ("SELECT STR_TO_DATE('01/06/2026', '%d/%m/%Y')", "2026-06-01"),
    ("SELECT STR_TO_DATE('2026-06-01 13:05:09', '%Y-%m-%d %H:%i:%s')", "2026-06-01 13:05:09"),
    ("SELECT STR_TO_DATE('2026.02.30', '%Y.%m.%d')", None),       # MySQL: NULL for a day that does not exist
    ("SELECT EXTRACT(YEAR_MONTH FROM '2026-06-07')", 202606),
    ("SELECT CAST('12' AS SIGNED) + LENGTH(CAST(123 AS CHAR))", 15),
    ("SELECT ISNULL(NULL)", 1),                                  # one argument: MySQL's own ISNULL
])
def test_mysql_runs_on_sqlite_with_mysqls_result(mysql, expected):
    _cols, rows = fetch(to_sqlite(mysql))
    assert rows == [(expected,)]


def test_limit_with_offset_and_backticks_translate():
    _cols, rows = fetch(to_sqlite("SELECT `customer_id` FROM customers ORDER BY 1 LIMIT 2, 3"))
    assert rows == [(3,), (4,), (5,)]
