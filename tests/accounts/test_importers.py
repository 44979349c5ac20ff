"""Importers of platform exports: the sample files, encodings, and errors naming file and line."""

from __future__ import annotations

import codecs
from datetime import date
from pathlib import Path

import pytest

from socialguard.accounts.importers import (
    ExportError,
    LineError,
    read_account_info,
    read_accounts,
    read_facebook_csv,
    read_follower_count,
    read_tweets,
    read_youtube_csv,
)
from socialguard.accounts.importers.base import Activity, merge, parse_timestamp, read_text
from socialguard.accounts.importers.jsonl import activity_of, parse_line, to_json_line
from socialguard.accounts.importers.x_archive import parse_created_at
from socialguard.accounts.models import Account, Post
from socialguard.accounts.series import posts_per_week

SAMPLES = Path(__file__).parent / "samples"


def stamps(activity: Activity) -> list[tuple[str, bool]]:
    return [(p.at.strftime("%Y-%m-%dT%H:%M"), p.original) for p in activity.posts]


# -- X / Twitter ---------------------------------------------------------------------


def test_tweets_js_sample() -> None:
    activity = read_tweets(SAMPLES / "tweets.js")
    assert activity.platform == "x"
    assert stamps(activity) == [
        ("2026-09-17T06:15", True),  # +0100 converted to UTC
        ("2026-10-02T09:00", True),
        ("2026-10-04T12:30", False),  # "RT @"
        ("2026-10-07T16:45", False),  # reply
        ("2026-10-11T00:30", True),  # 23:30 -0100 on the 10th is the 11th in UTC
        ("2026-10-12T08:00", True),  # a quote tweet is original
    ]
    assert activity.followers == []


def test_follower_and_account_files() -> None:
    assert read_follower_count(SAMPLES / "follower.js") == 3
    assert read_account_info(SAMPLES / "account.js") == ("@STW_Maternity", date(2025, 2, 1))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Wed Oct 02 09:00:00 +0000 2026", "2026-10-02T09:00:00+00:00"),  # weekday not checked
        ("Sun Mar 01 00:30:00 +0530 2026", "2026-02-28T19:00:00+00:00"),
        ("Mon Feb 29 23:00:00 -0200 2024", "2024-03-01T01:00:00+00:00"),
        ("2026-10-02T09:00:00.000Z", "2026-10-02T09:00:00+00:00"),
    ],
)
def test_tweet_timestamps(value: str, expected: str) -> None:
    assert parse_created_at(value).isoformat() == expected


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def tweet(created: str, **extra: object) -> str:
    fields = ", ".join(f'"{k}": "{v}"' for k, v in extra.items())
    sep = ", " if fields else ""
    return f'{{"tweet": {{"created_at": "{created}"{sep}{fields}}}}}'


def test_tweets_variants(tmp_path: Path) -> None:
    old_style = write(
        tmp_path,
        "tweet.js",
        "window.YTD.tweet.part0 = [\n"
        '{"created_at": "Tue Oct 01 10:00:00 +0000 2026", "id_str": "1",'
        ' "full_text": "Hello", "retweeted_status": {"id": "9"}}\n];\n',
    )
    part1 = write(
        tmp_path,
        "tweets-part1.js",
        "window.YTD.tweets.part1 = [ "
        + tweet("Tue Oct 01 10:00:00 +0000 2026", id_str="1")
        + ", "
        + tweet("Wed Oct 02 10:00:00 +0000 2026", id_str="2", in_reply_to_status_id="7")
        + " ]",
    )
    activity = read_tweets([old_style, part1])
    # id 1 appears in both parts and is read once (first file wins)
    assert stamps(activity) == [("2026-10-01T10:00", False), ("2026-10-02T10:00", False)]


def test_tweets_js_with_bom_and_utf16(tmp_path: Path) -> None:
    text = "window.YTD.tweets.part0 = [" + tweet("Wed Oct 02 09:00:00 +0000 2026") + "]"
    with_bom = write(tmp_path, "a.js", "\ufeff" + text)
    utf16 = write(tmp_path, "b.js", "\ufeff" + text, encoding="utf-16-le")
    assert len(read_tweets(with_bom).posts) == 1
    assert len(read_tweets(utf16).posts) == 1


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        (
            "window.YTD.tweets.part0 = [\n" + tweet("Wed Oct 02 09:00:00 +0000 2026") + ",\n"
            '{"tweet": {"created_at": "yesterday"}}\n]',
            3,
            "created_at is not a tweet timestamp",
        ),
        (
            "window.YTD.tweets.part0 = [\n" + tweet("Wed Oct 02 09:00:00 +0000 2026") + ",\n"
            '{"tweet": {"full_text": "no date"}}\n]',
            3,
            "has no created_at",
        ),
        ('window.YTD.tweets.part0 = [\n{"tweet": {\n"created_at": oops}}\n]', 3, "not valid JSON"),
        (
            "window.YTD.tweets.part0 = [\n" + tweet("Wed Oct 02 09:00:00 +0000 2026"),
            2,
            "expected ',' or ']'",
        ),
        ("<html>not an archive</html>", 1, "not an X archive file"),
        ('window.YTD.tweets.part0 = [\n"just a string"\n]', 2, "not an object"),
    ],
)
def test_tweets_errors_name_file_and_line(
    tmp_path: Path, text: str, line: int, reason: str
) -> None:
    path = write(tmp_path, "tweets.js", text)
    with pytest.raises(ExportError) as caught:
        read_tweets(path)
    assert caught.value.line == line
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"{path}, line {line}: ")


def test_missing_file_is_an_export_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="cannot read the file"):
        read_tweets(tmp_path / "absent.js")


# -- Facebook ------------------------------------------------------------------------


def test_facebook_page_data_sample() -> None:
    activity = read_facebook_csv(SAMPLES / "facebook_page_data.csv")
    assert activity.platform == "facebook"
    # Followers preferred over likes; the blank 4 Oct total gives no point.
    assert activity.followers == [
        (date(2026, 10, 1), 1311),
        (date(2026, 10, 2), 1314),
        (date(2026, 10, 3), 1315),
        (date(2026, 10, 5), 1318),
    ]
    assert stamps(activity) == [
        ("2026-10-01T00:00", True),
        ("2026-10-03T00:00", True),
        ("2026-10-03T00:00", True),
        ("2026-10-05T00:00", True),
    ]
    assert activity.latest_followers() == 1318


def test_facebook_post_data_sample() -> None:
    activity = read_facebook_csv(SAMPLES / "facebook_post_data.csv")
    assert stamps(activity) == [
        ("2026-10-02T09:00", True),
        ("2026-10-04T14:15", False),  # Is share: Yes
        ("2026-10-10T17:30", True),  # 5:30 PM, month first
    ]
    assert activity.followers == []


def test_facebook_likes_only_semicolons_sep_line_and_cp1252(tmp_path: Path) -> None:
    text = (
        'sep=;\n"Page overview – Café NHS"\nDay;Page likes;Posts\n'
        "10/01/2026;1 204;1\n10/02/2026;1 206;0\n"
    )
    path = write(tmp_path, "insights.csv", text, encoding="cp1252")
    activity = read_facebook_csv(path)
    assert activity.followers == [(date(2026, 10, 1), 1204), (date(2026, 10, 2), 1206)]
    assert len(activity.posts) == 1


def test_facebook_utf16_tab_separated(tmp_path: Path) -> None:
    text = "Date\tLifetime Total Likes\n2026-10-01\t50\n"
    path = tmp_path / "utf16.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    activity = read_facebook_csv(path)
    assert activity.followers == [(date(2026, 10, 1), 50)]
    assert activity.notes  # no post column: says so


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("Date,Lifetime Total Likes\n2026-10-01,50\n2026-13-45,51\n", 3, "is not a date"),
        ("Date,Lifetime Total Likes\n2026-10-01,50\n2026-10-02,lots\n", 3, "is not a number"),
        ("Date,Lifetime Total Likes\n2026-10-01,50.5\n", 2, "is not a whole number"),
        ("Date,Daily Page Posts\n2026-10-01,-1\n", 2, "is negative"),
    ],
)
def test_facebook_errors_name_file_and_line(
    tmp_path: Path, text: str, line: int, reason: str
) -> None:
    path = write(tmp_path, "page.csv", text)
    with pytest.raises(ExportError) as caught:
        read_facebook_csv(path)
    assert caught.value.line == line
    assert reason in caught.value.reason
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Name,Value\nx,1\n", "no header row naming"),
        ("Date,Daily New Likes\n2026-10-01,3\n", "no follower total or post count column"),
    ],
)
def test_facebook_unrecognised_files(tmp_path: Path, text: str, reason: str) -> None:
    with pytest.raises(ExportError, match=reason):
        read_facebook_csv(write(tmp_path, "x.csv", text))


# -- YouTube -------------------------------------------------------------------------


def test_youtube_by_date_rebuilds_totals_from_the_current_count() -> None:
    activity = read_youtube_csv(SAMPLES / "youtube_table_data_by_date.csv", subscribers_total=120)
    # net changes +2, 0, -2, +6 ending at 120
    assert activity.followers == [
        (date(2026, 10, 1), 116),
        (date(2026, 10, 2), 116),
        (date(2026, 10, 3), 114),
        (date(2026, 10, 4), 120),
    ]
    assert activity.posts == []


def test_youtube_by_date_without_a_count_gives_no_series() -> None:
    activity = read_youtube_csv(SAMPLES / "youtube_table_data_by_date.csv")
    assert activity.followers == []
    assert "current subscriber count" in activity.notes[0]


def test_youtube_gained_minus_lost_when_no_net_column(tmp_path: Path) -> None:
    text = "Date,Subscribers gained,Subscribers lost\nTotal,5,4\n2026-10-01,3,1\n2026-10-02,2,3\n"
    activity = read_youtube_csv(write(tmp_path, "Table data.csv", text), subscribers_total=10)
    assert activity.followers == [(date(2026, 10, 1), 11), (date(2026, 10, 2), 10)]


def test_youtube_by_content_sample() -> None:
    activity = read_youtube_csv(SAMPLES / "youtube_table_data_by_content.csv")
    assert stamps(activity) == [
        ("2026-08-30T00:00", True),
        ("2026-09-18T00:00", True),
        ("2026-10-02T00:00", True),
    ]


def test_youtube_errors(tmp_path: Path) -> None:
    no_subs = write(tmp_path, "a.csv", "Date,Views\n2026-10-01,5\n")
    with pytest.raises(ExportError, match="no 'Subscribers'"):
        read_youtube_csv(no_subs, subscribers_total=1)
    bad_date = write(tmp_path, "b.csv", "Date,Subscribers\nTotal,1\n2026-10-01,1\nsoon,0\n")
    with pytest.raises(ExportError) as caught:
        read_youtube_csv(bad_date, subscribers_total=1)
    assert caught.value.line == 4


# -- shared helpers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2026-10-02", "2026-10-02T00:00:00+00:00"),
        ("2026-10-02T07:00:00+0000", "2026-10-02T07:00:00+00:00"),
        ("10/02/2026", "2026-10-02T00:00:00+00:00"),
        ("10/2/26 9:05 pm", "2026-10-02T21:05:00+00:00"),
        ("12/31/2026 12:00 AM", "2026-12-31T00:00:00+00:00"),
        ("Oct 2, 2026", "2026-10-02T00:00:00+00:00"),
        ("Sept 2 2026", "2026-09-02T00:00:00+00:00"),
        ("13/02/2026", None),  # day-first is not guessed
        ("Total", None),
    ],
)
def test_parse_timestamp(cell: str, expected: str | None) -> None:
    parsed = parse_timestamp(cell)
    assert (parsed.isoformat() if parsed else None) == expected


def test_read_text_falls_back_to_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("Café".encode("cp1252"))
    assert read_text(path) == "Café"


def test_merge_combines_posts_and_followers() -> None:
    page = read_facebook_csv(SAMPLES / "facebook_page_data.csv")
    per_post = read_facebook_csv(SAMPLES / "facebook_post_data.csv")
    merged = merge([page, per_post])
    assert len(merged.posts) == 7
    assert merged.posts == sorted(merged.posts, key=lambda p: p.at)
    assert merged.followers == page.followers


def test_activity_to_account_round_trips_through_jsonl() -> None:
    activity = read_facebook_csv(SAMPLES / "facebook_page_data.csv")
    acc = activity.to_account(
        id="acc-fb",
        handle="NHS STW",
        owner="Comms",
        business_case="approved",
        programme_status="active",
        created_at=date(2020, 1, 1),
    )
    assert acc.followers == 1318
    again = parse_line(to_json_line(acc), 1)
    assert isinstance(again, Account)
    assert again == acc
    assert activity_of(again).followers == activity.followers


def test_to_account_needs_a_follower_count() -> None:
    with pytest.raises(ValueError, match="no follower count"):
        read_tweets(SAMPLES / "tweets.js").to_account(
            id="a",
            handle="@a",
            owner=None,
            business_case="none",
            programme_status="active",
            created_at=date(2026, 1, 1),
        )


# -- spec §3 JSON Lines --------------------------------------------------------------


def test_read_accounts_reports_bad_lines_and_goes_on(tmp_path: Path) -> None:
    good = (
        '{"id": "acc-1", "programme_status": "active", "created_at": "2025-01-01", "followers": 5}'
    )
    path = tmp_path / "accounts.jsonl"
    path.write_bytes(
        b"\xef\xbb\xbf" + good.encode() + b"\n"
        b"\n"
        b"{not json\n"
        b'["a list"]\n'
        b'{"id": "acc-4", "programme_status": "active", "created_at": "2025-01-01"}\n'
        b'{"id": "caf\xe9"}\n' + good.replace("acc-1", "acc-7").encode() + b"\r\n"
    )
    results = list(read_accounts(path))
    assert [r.id for r in results] == ["acc-1", None, None, "acc-4", None, "acc-7"]
    errors = [r for r in results if isinstance(r, LineError)]
    assert [e.line for e in errors] == [3, 4, 5, 6]
    assert "not valid JSON" in errors[0].error
    assert "expected a JSON object" in errors[1].error
    assert errors[2].error == "line 5: followers: required"
    assert "not UTF-8" in errors[3].error


def test_numeric_ids_are_read_as_text() -> None:
    parsed = parse_line(
        '{"id": 7, "programme_status": "active", "created_at": "2025-01-01", '
        '"followers": 5, "extra": "ignored"}',
        1,
    )
    assert isinstance(parsed, Account)
    assert parsed.id == "7"


def test_posts_per_week() -> None:
    made = [Post(at=f"2026-10-{d:02d}T10:00:00Z", original=d != 7) for d in (5, 6, 7, 20)]
    weeks = posts_per_week(made, start=date(2026, 10, 6), end=date(2026, 10, 21))
    assert [(w.week_start.isoformat(), w.posts, w.original) for w in weeks] == [
        ("2026-10-05", 2, 1),  # the 5th is before start and left out
        ("2026-10-12", 0, 0),
        ("2026-10-19", 1, 1),
    ]
