"""Presentation format: zone files, single records, RFC 3597 generic RDATA and syntax errors."""

from __future__ import annotations

import dns.rdata
import pytest
from hypothesis import HealthCheck, given, settings

from asyncdns_wire import CH, TextSyntaxError, parse_zone, rr, rr_from_text
from asyncdns_wire._text import quote_string, split_records, unescape
from asyncdns_wire._ttl import ttl_from_text

from ._strategies import records

ZONE = """\
$ORIGIN example.com.
$TTL 1h
; a comment line, then the SOA over several lines
@   IN  SOA ns1 hostmaster (
            2024010101 ; serial
            2h         ; refresh
            30M        ; retry
            1w2d       ; expire
            300 )      ; minimum
    IN  NS  ns1
    IN  NS  ns2.example.net.
    IN  MX  10 mail
ns1 IN  A   198.51.100.53
    IN  AAAA 2001:db8::53
www 300 IN CNAME @
txt IN 60 TXT "quoted; not a comment" "(parens)" "esc\\"aped" \\"bare\\"
    TXT ( "multi"
          "line" )
$ORIGIN sub.example.com.
deep    A   203.0.113.9
$TTL 2d
other.example.org.  A   203.0.113.10
"""


def test_zone_file_features() -> None:
    records = parse_zone(ZONE)
    by_text = [str(r) for r in records]
    assert by_text == [
        "example.com.\t3600\tIN\tSOA\tns1.example.com. hostmaster.example.com. "
        "2024010101 7200 1800 777600 300",
        "example.com.\t3600\tIN\tNS\tns1.example.com.",
        "example.com.\t3600\tIN\tNS\tns2.example.net.",
        "example.com.\t3600\tIN\tMX\t10 mail.example.com.",
        "ns1.example.com.\t3600\tIN\tA\t198.51.100.53",
        "ns1.example.com.\t3600\tIN\tAAAA\t2001:db8::53",
        "www.example.com.\t300\tIN\tCNAME\texample.com.",
        'txt.example.com.\t60\tIN\tTXT\t"quoted; not a comment" "(parens)" "esc\\"aped" "\\"bare\\""',
        'txt.example.com.\t3600\tIN\tTXT\t"multi" "line"',
        "deep.sub.example.com.\t3600\tIN\tA\t203.0.113.9",
        "other.example.org.\t172800\tIN\tA\t203.0.113.10",
    ]
    soa = records[0]
    assert isinstance(soa, rr.SOA)
    assert (soa.refresh, soa.retry, soa.expire) == (7200, 1800, 9 * 86400)


def test_zone_origin_and_defaults_from_arguments() -> None:
    records = parse_zone("www A 198.51.100.1\n", origin="example.com", default_ttl=42)
    assert records == [rr.A("www.example.com", 42, "198.51.100.1")]
    assert records[0].ttl == 42
    chaos = parse_zone('version.bind. 0 CH TXT "9"\n')
    assert chaos[0].rr_class == CH


def test_zone_blank_lines_and_comment_only_lines() -> None:
    text = "\n\n; nothing\n   ; indented comment\n$TTL 5\na.example. A 198.51.100.1\n\n"
    assert parse_zone(text) == [rr.A("a.example", 5, "198.51.100.1")]


def test_zone_parentheses_inside_quotes_do_not_continue_the_line() -> None:
    text = 'a.example. 1 TXT "open ( paren"\nb.example. 1 A 198.51.100.2\n'
    assert [r.name for r in parse_zone(text)] == [b"a.example", b"b.example"]
    text = 'a.example. 1 TXT "close ) paren" ( "and more"\n "lines" )\n'
    (txt,) = parse_zone(text)
    assert isinstance(txt, rr.TXT)
    assert txt.strings == (b"close ) paren", b"and more", b"lines")


def test_zone_escaped_parenthesis_and_semicolon_in_names() -> None:
    (record,) = parse_zone("a\\(b\\;c.example. 1 A 198.51.100.3\n")
    assert record.name == b"a\\(b\\;c.example"


def test_zone_owner_inherits_across_origin_change() -> None:
    text = "$ORIGIN a.example.\nhost 1 A 198.51.100.1\n$ORIGIN b.example.\n 1 A 198.51.100.2\n"
    assert [r.name for r in parse_zone(text)] == [b"host.a.example", b"host.a.example"]


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("0", 0),
        ("3600", 3600),
        ("1h", 3600),
        ("1H", 3600),
        ("90s", 90),
        ("2m", 120),
        ("1d12h", 129600),
        ("1w", 604800),
        ("1W1D1H1M1S", 694861),
        ("4294967295", 2**32 - 1),
    ],
)
def test_ttl_units(text: str, seconds: int) -> None:
    assert ttl_from_text(text) == seconds
    assert rr_from_text(f"a.example. {text} IN A 198.51.100.1").ttl == seconds


@pytest.mark.parametrize("text", ["", "1x", "h", "1h 2m", "-1", "1.5h", "4294967296", "1hh"])
def test_bad_ttls(text: str) -> None:
    with pytest.raises(TextSyntaxError):
        ttl_from_text(text)


# -- single records ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a.example. 300 IN A 198.51.100.1", rr.A("a.example", 300, "198.51.100.1")),
        ("a.example. IN 300 A 198.51.100.1", rr.A("a.example", 300, "198.51.100.1")),
        ("a.example. 300 A 198.51.100.1", rr.A("a.example", 300, "198.51.100.1")),
        ("A.EXAMPLE. 300 in a 198.51.100.1", rr.A("a.example", 300, "198.51.100.1")),
        ("a.example. 1 IN AAAA 2001:DB8::1", rr.AAAA("a.example", 1, "2001:db8::1")),
        ("a.example. 1 IN MX 0 .", rr.MX("a.example", 1, 0, ".")),
        ("a.example. 1 IN NS ns.example.", rr.NS("a.example", 1, "ns.example")),
        ("a.example. 1 IN PTR host.example.", rr.PTR("a.example", 1, "host.example")),
        ('a.example. 1 IN TXT ""', rr.TXT("a.example", 1, [b""])),
        ("a.example. 1 IN TXT \\# 0", rr.TXT("a.example", 1, [])),  # no string at all
        ("a.example. 1 IN TXT bare words", rr.TXT("a.example", 1, [b"bare", b"words"])),
        ('a.example. 1 IN TXT "\\000\\255\\\\"', rr.TXT("a.example", 1, [b"\x00\xff\\"])),
        ('a.example. 1 IN TXT "caf\\195\\169"', rr.TXT("a.example", 1, [b"caf\xc3\xa9"])),
        ('a.example. 1 IN TXT "café"', rr.TXT("a.example", 1, [b"caf\xc3\xa9"])),
    ],
)
def test_rr_from_text(text: str, expected: rr.RR) -> None:
    assert rr_from_text(text) == expected
    assert rr_from_text(str(expected)) == expected


def test_rr_from_text_relative_and_defaults() -> None:
    record = rr_from_text("www A 198.51.100.1", origin="example.com.", default_ttl=60)
    assert record == rr.A("www.example.com", 60, "198.51.100.1")
    mx = rr_from_text("@ 1 MX 10 mail", origin=b"example.com")
    assert mx == rr.MX("example.com", 1, 10, "mail.example.com")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records)
def test_text_round_trip(record: rr.RR) -> None:
    text = str(record)
    back = rr_from_text(text)
    assert back == record
    assert type(back) is type(record)
    assert str(back) == text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records)
def test_rdata_text_is_what_dnspython_prints(record: rr.RR) -> None:
    ours = record.rdata_to_text()
    theirs = dns.rdata.from_wire(
        record.rr_class, record.rr_type, record.rdata_to_wire(), 0, len(record.rdata_to_wire())
    )
    assert theirs.to_text() == ours
    assert dns.rdata.from_text(record.rr_class, record.rr_type, ours) == theirs


# -- RFC 3597 -------------------------------------------------------------------------------


def test_generic_rdata_for_a_known_type() -> None:
    record = rr_from_text("a.example. 1 IN A \\# 4 C6336407")
    assert record == rr.A("a.example", 1, "198.51.100.7")
    assert isinstance(record, rr.A)
    split = rr_from_text("a.example. 1 IN MX \\# 5 000A 01 61 00")
    assert split == rr.MX("a.example", 1, 10, "a")


def test_generic_rdata_for_unknown_types_and_classes() -> None:
    record = rr_from_text("a.example. 1 IN TYPE65280 \\# 3 abcdef")
    assert isinstance(record, rr.Unknown)
    assert (record.rr_type, record.data) == (65280, b"\xab\xcd\xef")
    assert str(record) == "a.example.\t1\tIN\tTYPE65280\t\\# 3 ABCDEF"
    assert rr_from_text(str(record)) == record
    empty = rr_from_text("a.example. 1 CLASS32 TYPE1 \\# 0")
    assert isinstance(empty, rr.Unknown)
    assert (empty.rr_class, empty.rr_type, empty.data) == (32, 1, b"")
    assert str(empty) == "a.example.\t1\tCLASS32\tA\t\\# 0"
    assert rr_from_text(str(empty)) == empty


@pytest.mark.parametrize(
    "text",
    [
        "a.example. 1 IN TYPE65280 abcdef",  # unknown type needs the generic form
        "a.example. 1 IN TYPE65280 \\# 2 abcdef",  # length mismatch
        "a.example. 1 IN TYPE65280 \\# 3 abcdeg",  # not hex
        "a.example. 1 IN TYPE65280 \\# x ab",
        "a.example. 1 IN A \\# 3 010203",  # generic data not valid for A
        "a.example. 1 IN MX \\# 3 000a01",
    ],
)
def test_bad_generic_rdata(text: str) -> None:
    with pytest.raises(TextSyntaxError):
        rr_from_text(text)


# -- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "a.example.",
        "a.example. 300",
        "a.example. 300 IN",
        "a.example. 300 IN BOGUS 1",
        "a.example. 300 IN A",
        "a.example. 300 IN A 198.51.100.300",
        "a.example. 300 IN A 198.51.100.1 extra",
        "a.example. 300 IN AAAA 198.51.100.1",
        "a.example. 300 IN MX 65536 mail.example.",
        "a.example. 300 IN MX ten mail.example.",
        'a.example. 300 IN TXT "unterminated',
        'a.example. 300 IN TXT ( "open"',
        'a.example. 300 IN TXT "a" )',
        'a.example. 300 IN TXT "' + "x" * 256 + '"',
        'a.example. 300 IN TXT "bad \\25 escape"',
        'a.example. 300 IN TXT "bad \\999 escape"',
        "a..example. 300 IN A 198.51.100.1",
        "a\\25.example. 300 IN A 198.51.100.1",
        "a.example. IN A 198.51.100.1",  # no TTL and no default
        "a.example. 300 IN NS " + "x" * 64 + ".example.",
        "a.example. 300 IN SOA ns. host. 1 2 3 4",
        "a.example. 300 IN SOA ns. host. 4294967296 2 3 4 5",
    ],
)
def test_syntax_errors(text: str) -> None:
    with pytest.raises(TextSyntaxError):
        rr_from_text(text)


@pytest.mark.parametrize(
    "zone",
    [
        " 1 A 198.51.100.1\n",  # a blank owner with no record before it
        "$INCLUDE other.zone\n",
        "$TTL forever\n",
        'a.example. 1 TXT ( "never closed"\n',
        "a.example. A 198.51.100.1\n",  # no TTL anywhere
        "$ORIGIN a..example.\n",
    ],
)
def test_zone_syntax_errors(zone: str) -> None:
    with pytest.raises(TextSyntaxError):
        parse_zone(zone)


def test_zone_error_quotes_the_line() -> None:
    with pytest.raises(TextSyntaxError) as info:
        parse_zone("$TTL 1\nok.example. A 198.51.100.1\nbad.example. A 198.51.100.999\n")
    assert "bad.example." in info.value.text


# -- the lexical helpers --------------------------------------------------------------------


def test_quote_string() -> None:
    assert quote_string(b"") == '""'
    assert quote_string(b'say "hi"') == '"say \\"hi\\""'
    assert quote_string(b"back\\slash") == '"back\\\\slash"'
    assert quote_string(b"\x00\x1f\x7f\xff ;()") == '"\\000\\031\\127\\255 ;()"'


@pytest.mark.parametrize(
    ("text", "data"),
    [
        ("plain", b"plain"),
        ("\\065\\066", b"AB"),
        ('\\"', b'"'),
        ("\\\\", b"\\"),
        ("\\;", b";"),
        ("é", b"\xc3\xa9"),
    ],
)
def test_unescape(text: str, data: bytes) -> None:
    assert unescape(text) == data


@pytest.mark.parametrize("text", ["\\", "a\\", "\\1", "\\12", "\\12x", "\\256"])
def test_unescape_rejects_bad_escapes(text: str) -> None:
    with pytest.raises(TextSyntaxError):
        unescape(text)


def test_split_records() -> None:
    text = 'a 1 TXT ( "x" ; comment (\n "y" )\nb 1 A 198.51.100.1 ; ) not a paren\n'
    assert split_records(text) == ['a 1 TXT ( "x"   "y" )', "b 1 A 198.51.100.1 "]


@pytest.mark.parametrize("digits", ["\u00b2", "\u0661\u0660", "\uff11"])
def test_only_ascii_digits_count_as_numbers(digits: str) -> None:
    with pytest.raises(TextSyntaxError):
        rr_from_text(f"a.example. 300 IN MX {digits} mail.example.")
    with pytest.raises(TextSyntaxError):
        rr_from_text(f"a.example. {digits} IN A 198.51.100.1")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(r"x.example. 1 IN MX \# 6 000A0161C000", id="pointer-into-the-rdata"),
        pytest.param(r"x.example. 1 IN MX \# 4 0001C000", id="pointer-to-offset-0"),
    ],
)
def test_generic_rdata_of_a_known_type_has_no_compressed_names(text: str) -> None:
    # RFC 3597 section 5: generic RDATA is uncompressed (dnspython refuses these too).
    with pytest.raises(TextSyntaxError, match="compressed"):
        rr_from_text(text)


def test_omitted_ttl_and_class_are_the_last_records_rfc_1035() -> None:
    zone = (
        'a.example. 300 CH TXT "x"\n'
        'b.example. TXT "y"\n'  # TTL 300 and class CH, as the record before
        "$TTL 60\n"
        'c.example. CH TXT "z"\n'  # $TTL wins once in force (RFC 2308)
    )
    records = parse_zone(zone)
    assert [(r.ttl, r.rr_class) for r in records] == [(300, 3), (300, 3), (60, 3)]


@pytest.mark.parametrize("sep", ["\u2028", "\x85", "\x0c", "\x1c"])
def test_a_zone_line_ends_at_a_newline_only(sep: str) -> None:
    text = f'a.example. 1 TXT "x{sep}y"'
    assert parse_zone(text + "\r\n") == [rr_from_text(text)]


@pytest.mark.parametrize("sep", ["\u00a0", "\u2003", "\x1c"])
def test_words_are_split_at_rfc_1035_blanks_only(sep: str) -> None:
    (string,) = rr_from_text(f"a.example. 1 TXT x{sep}y").strings  # type: ignore[attr-defined]
    assert string == f"x{sep}y".encode()


def test_an_soa_without_any_ttl_takes_its_minimum_as_bind_does() -> None:
    zone = "@ IN SOA ns1 hostmaster 1 7200 900 1209600 300\n  IN NS ns1\nns1 IN A 198.51.100.53\n"
    assert [r.ttl for r in parse_zone(zone, origin="example.")] == [300, 300, 300]
    with pytest.raises(TextSyntaxError, match="no TTL"):
        parse_zone("ns1.example. IN A 198.51.100.53\n")  # anything else still needs one
