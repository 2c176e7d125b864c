"""Ingest, arrival by arrival: each real-looking arrival and the exact outcome it must have.

Each row puts some files in a folder and ingests the folder into a fresh content
folder (the shipped settings, topics and entities); `again` ingests it a second time.
The outcomes are compared in order, then the first written article is read back by
the build's own loader.
"""

from __future__ import annotations

import json
import os
import plistlib
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.content.load import LoadedArticle, article_paths, load_article
from briefing.ingest import review
from briefing.ingest.arrivals import (
    REFUSED,
    SKIPPED,
    SUMMARY_ONLY,
    WRITTEN,
    ingest,
    ingest_files,
    ingest_inbox,
    read_arrival,
)
from briefing.ingest.feeds import read_feed
from briefing.ingest.html import page_metadata
from briefing.text import dateline_day, without_invisible_breaks
from briefing.tools.ingest_bench import token_f1
from conftest import CONTENT, REPO_ROOT, SEEDS

ARRIVALS = Path(__file__).parent / "fixtures" / "arrivals"
GOOD_TEXT = SEEDS / "ukraine-strengthens-security-agreements-with-international-allies.txt"
TODAY = date(2025, 5, 1)


@dataclass(frozen=True)
class Row:
    files: dict[str, Path | bytes | str]
    # (status, what): the title written, the slug skipped, the problem refused, the link of a summary-only entry.
    outcomes: list[tuple[str, str]]
    again: list[tuple[str, str]] | None = None
    qa: int | None = None
    body_has: tuple[str, ...] = ()
    body_lacks: tuple[str, ...] = ()
    author: str | None = None
    warning: str | None = None
    topics: tuple[str, ...] = ()
    published: date | None = None
    undated: bool = False  # the first written article has no date
    summary: str | None = None
    url: str | None = None  # the first written article's web address
    publisher: str | None = None


def _rhetorical() -> Row:
    return Row(
        {"page.html": ARRIVALS / "news-with-a-rhetorical-question.html"},
        [(WRITTEN, "Kyiv Philharmonic announces a European tour")],
        qa=0,
        body_has=(
            "Can music change how Europe sees the war? The conductor, Natalia Ponomarchuk, thinks it can.",
            "- 14 April: Warsaw, Filharmonia Narodowa\n- 16 April: Berlin, Konzerthaus\n- 19 April: Vienna, Musikverein",
            "> We are not asking for pity. We are asking people to listen.",
            "Tickets go on sale on Monday through each venue, and a livestream of the Warsaw concert will be free",
        ),
        body_lacks=("All rights reserved", "Subscribe", "Baltic Courier"),
        author="Marta Kovalenko",
    )


def _busy_page() -> bytes:
    return ("<html><body><article><p>" + "<span>word</span> " * 60_000 + "</p></article></body></html>").encode()


def _lone_question_then_long_text() -> str:
    lines = "\n".join(f"Line {n} of the long statement, read out in the hall." for n in range(16_000))
    return f"A long statement on the talks\n\nWhat happens next?\n\n{lines}\n"


def _page(title: str, site: str, og_title: str, charset: str, paragraphs: list[str]) -> bytes:
    text = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title} | {site}</title>'
        f'<meta property="og:title" content="{og_title}"><meta property="og:site_name" content="{site}">'
        f"</head><body><nav>Home</nav><article><h1>{title}</h1>{text}</article></body></html>"
    ).encode(charset)


POLISH = [
    "Polska i Ukraina podpisały w Warszawie dwustronną umowę o bezpieczeństwie na dziesięć lat.",
    "Umowa przewiduje dostawy uzbrojenia, szkolenie żołnierzy i wspólną produkcję amunicji.",
    "Premier zapowiedział, że Polska będzie wspierać Ukrainę tak długo, jak będzie to potrzebne.",
]
JAPANESE = [
    "ウクライナと日本は東京で安全保障協力に関する文書に署名した。",
    "文書は地雷除去、エネルギー施設の復旧、サイバー防衛での協力を定めている。",
    "首相は、日本はウクライナの復興を長期的に支援すると述べた。",
]
ENGLISH = [
    "The foreign ministers of the Baltic states met in Riga on Monday to discuss air defence for Ukraine.",
    "They agreed to pool their orders for short-range systems and to share the cost of training crews.",
    "A joint statement said the first systems would reach Ukraine before the end of the year.",
]

ATOM_FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Nordic Defence Review</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6</id>
  <updated>2025-02-03T10:00:00Z</updated>
  <entry>
    <title>Denmark funds artillery made in Ukraine</title>
    <link href="https://ndr.example/denmark-artillery"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <updated>2025-02-03T10:00:00Z</updated>
    <author><name>Freja Holm</name></author>
    <content type="text">Denmark will pay Ukrainian factories to build howitzers for Ukraine's army, the first such model.

The money comes from the proceeds of frozen Russian assets.</content>
  </entry>
</feed>
"""
JSON_FEED = """{"version": "https://jsonfeed.org/version/1.1", "title": "Baltic Wire", "items": [
 {"id": "1", "url": "https://balticwire.example/estonia-drones", "title": "Estonia orders drones for Ukraine",
  "authors": [{"name": "Kadri Tamm"}], "date_published": "2025-02-10T08:00:00Z",
  "content_html": "<p>Estonia ordered reconnaissance drones for Ukraine from a Tallinn firm.</p><p>Deliveries start in spring.</p>"},
 {"id": "2", "url": "https://balticwire.example/latvia-mines", "title": "Latvia joins the demining coalition",
  "summary": "Riga will lead the training of deminers."}
]}
"""

# As blogs publish them: a title given as HTML, the author as "address (name)", the time in a named US zone.
RSS_WITH_HTML_TITLES = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Kyiv &amp;amp; Region Wire</title><link>https://kyivwire.example/</link>
<item><title>&lt;b&gt;Breaking:&lt;/b&gt; Kyiv &amp;amp; Paris sign a &lt;em&gt;security&lt;/em&gt; deal</title>
<link>https://kyivwire.example/2024/06/kyiv-paris</link><author>desk@kyivwire.example (Anna Lis)</author>
<pubDate>Wed, 12 Jun 2024 23:30:00 PDT</pubDate>
<content:encoded><![CDATA[<p>France and Ukraine signed a ten-year security agreement in Paris late on Wednesday.</p>
<p>The agreement covers air defence, training and the joint production of artillery shells.</p>]]></content:encoded>
</item></channel></rss>
"""


def _rss(channel: str, title: str, link: str, full_text: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{channel}</title><item><title>{title}</title><link>{link}</link>"
        f"<content:encoded><![CDATA[{full_text}]]></content:encoded></item></channel></rss>\n"
    )


# The furniture Substack and WordPress put inside each entry's full text.
SUBSTACK_FEED = _rss(
    "Frontline Notes",
    "Why the Polish deal matters",
    "https://frontline.substack.com/p/why-the-polish-deal-matters",
    """<p>Poland and Ukraine signed a ten-year security agreement in Kyiv on Tuesday.</p>
<div class="subscription-widget-wrap"><p class="cta-caption">Thanks for reading Frontline Notes! Subscribe for free
to receive new posts and support my work.</p></div>
<p>The deal commits Warsaw to air defence, training and joint production of shells.</p>
<p>Frontline Notes is a reader-supported publication. To receive new posts and support my work, consider becoming a
free or paid subscriber.</p>""",
)
WORDPRESS_FEED = _rss(
    "Kyiv Policy Blog",
    "Warsaw's promise",
    "https://kyivpolicy.example/2024/06/13/warsaw/",
    """<p>Warsaw promised to train two brigades of Ukrainian soldiers next year.</p>
<p>The post <a href="https://kyivpolicy.example/2024/06/13/warsaw/">Warsaw's promise</a> appeared first on
<a href="https://kyivpolicy.example">Kyiv Policy Blog</a>.</p>""",
)
# As Drupal and many news sites publish RSS: the whole article as escaped HTML in <description>, no
# content:encoded; beside it an entry whose description is WordPress's excerpt, cut short.
FULL_DESCRIPTION_PARAGRAPHS = [
    "Romania and Ukraine signed a memorandum on the joint production of artillery ammunition in Bucharest on"
    " Thursday, the Romanian defence ministry said in a statement.",
    "Under the memorandum, a state-owned plant near Cugir will build shells to NATO standards for the Ukrainian"
    " army, with the first batches due within a year and a target of several hundred thousand rounds by 2027.",
    "Officials from both ministries said the financing would come partly from European Union funds set aside for"
    " ammunition, and partly from the budgets of the two countries, in proportions still to be agreed.",
    "The agreement also covers the training of Ukrainian engineers at the plant, the sharing of test ranges, and"
    " a working group that will meet every three months to review deliveries and quality control.",
]
DRUPAL_FEED = (
    '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Black Sea Monitor</title>'
    "<link>https://blackseamonitor.example/</link><description>News</description><item>"
    "<title>Romania and Ukraine agree to produce shells together</title>"
    "<link>https://blackseamonitor.example/2025/05/romania-shells</link><pubDate>Thu, 15 May 2025 14:00:00 +0300</pubDate>"
    "<description>"
    + "".join(f"&lt;p&gt;{paragraph}&lt;/p&gt;" for paragraph in FULL_DESCRIPTION_PARAGRAPHS)
    + "&lt;p&gt;Read more&lt;/p&gt;</description></item><item><title>Why the Danube ports matter</title>"
    "<link>https://blackseamonitor.example/2025/05/danube-ports</link><description>&lt;p&gt;The Danube ports of"
    " Izmail and Reni have carried a third of Ukraine's grain since the war began, and their defence has become a"
    " question for the whole region, from Bucharest to Chisinau, as drones strike ever closer to the river and"
    " insurers raise their premiums for every &amp;#8230;&lt;/p&gt;&lt;p&gt;[&amp;#8230;]&lt;/p&gt;&lt;p&gt;The post"
    " Why the Danube ports matter appeared first on Black Sea Monitor.&lt;/p&gt;</description></item></channel></rss>\n"
)
# RSS 0.91 as old sites still serve it: a DOCTYPE before <rss>, Latin-1, summaries only.
RSS_091 = """<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Geneva Wire</title><link>http://genevawire.example/</link><description>News</description>
<item><title>Caf\xe9 talks on Ukraine's grain in Geneva</title><link>http://genevawire.example/cafe-talks</link>
<description>Diplomats met in a caf\xe9.</description></item></channel></rss>
""".encode("latin-1")


def _mhtml(page: bytes) -> bytes:
    """A page as Chrome saves it 'as a single file': MIME parts, the HTML in quoted-printable."""
    import quopri

    return (
        b"From: <Saved by Blink>\r\nSnapshot-Content-Location: https://courier.example/riga\r\n"
        b"Subject: Baltic ministers meet in Riga\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="----MultipartBoundary--x----"\r\n\r\n'
        b"------MultipartBoundary--x----\r\nContent-Type: text/html\r\nContent-ID: <frame-1@mhtml.blink>\r\n"
        b"Content-Transfer-Encoding: quoted-printable\r\nContent-Location: https://courier.example/riga\r\n\r\n"
        + quopri.encodestring(page).replace(b"\n", b"\r\n")
        + b"\r\n------MultipartBoundary--x----\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
        b"Content-Location: https://courier.example/logo.png\r\n\r\niVBORw0KGgo=\r\n------MultipartBoundary--x------\r\n"
    )


def _webarchive(page: bytes) -> bytes:
    """A page as Safari saves it: a binary property list holding the page's HTML."""
    main = {
        "WebResourceData": page,
        "WebResourceMIMEType": "text/html",
        "WebResourceURL": "https://courier.example/riga",
    }
    return plistlib.dumps({"WebMainResource": main, "WebSubresources": []}, fmt=plistlib.FMT_BINARY)


RIGA_PAGE = _page("Baltic ministers meet in Riga on air defence", "Baltic Courier", "", "utf-8", ENGLISH)


def _riga_page_by(author: str) -> bytes:
    """RIGA_PAGE with its author given in a <meta name="author">, as a site's publishing system writes it."""
    return RIGA_PAGE.replace(b"</head>", f'<meta name="author" content="{author}"></head>'.encode())


def _xhtml_page(headline: str, paragraphs: list[str]) -> str:
    """An XHTML page as older sites serve it: an XML declaration first, then the DOCTYPE."""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml"><head>'
        f"<title>{headline} - Baltic Courier</title></head><body><h1>{headline}</h1>"
        + "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
        + "</body></html>\n"
    )


def _live_blog() -> str:
    """A live blog as the big news sites mark it up: LiveBlogPosting, each update under its <time>."""
    updates = "".join(
        f'<div class="block"><p class="block-time"><time datetime="2024-06-11T{hour}:05:00Z">{hour}.05 BST</time></p>'
        f"<p>{text}</p></div>"
        for hour, text in zip(("10", "11", "12"), ENGLISH, strict=True)
    )
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Baltic talks live – as it happened | Courier</title>'
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "LiveBlogPosting", '
        '"headline": "Baltic talks live – as it happened", "datePublished": "2024-06-11T10:00:00Z"}</script>'
        f"</head><body><article><h1>Baltic talks live – as it happened</h1>{updates}</article></body></html>"
    )


MICRODATA_FAQ = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Grain corridor: your questions - Port News</title></head>
<body><article itemscope itemtype="https://schema.org/FAQPage">
<h1>Grain corridor: your questions</h1>
<p>Ukraine's sea corridor has carried grain from Odesa since August 2023. Readers asked how it works.</p>
<div itemscope itemprop="mainEntity" itemtype="https://schema.org/Question">
<h3 itemprop="name">Which ports does the corridor serve?</h3>
<div itemscope itemprop="acceptedAnswer" itemtype="https://schema.org/Answer">
<p itemprop="text">Odesa, Chornomorsk and Pivdennyi, the three deep-water ports of the Odesa region.</p></div></div>
<div itemscope itemprop="mainEntity" itemtype="https://schema.org/Question">
<h3 itemprop="name">Who protects the ships?</h3>
<div itemscope itemprop="acceptedAnswer" itemtype="https://schema.org/Answer">
<p itemprop="text">Ukraine's navy and air defence; the ships sail close to the coasts of Romania and Bulgaria.</p></div></div>
</article></body></html>
"""

NEWS_WITH_QUESTION_SUBHEADS = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Court frees activist after two years - City Herald</title></head><body><article>
<h1>Court frees activist after two years</h1>
<p>A court in Lviv on Tuesday freed a civic activist held for two years without trial, her lawyers said.</p>
<p>The judge ruled that the prosecution had failed to bring the case to court within the time the law allows.</p>
<h2>What did the court say?</h2>
<p>The ruling said the pre-trial detention had been extended eleven times without new evidence.</p>
<p>"The court cannot keep a person in custody on the hope that evidence will appear," the judge wrote.</p>
<h2>A long campaign</h2>
<p>Her supporters had gathered outside the court every week since her arrest.</p>
<h2>What happens next?</h2>
<p>The prosecution has thirty days to appeal the ruling.</p>
</article></body></html>
"""

# Interviews in German, as trade blogs publish them: the questions are headings, put to the person asked in
# their own language's 'you' ('Sie', 'Du', 'Ihr') or marked 'Frage 1:'. They are the article, not Q&A pairs.
GERMAN_INTERVIEW = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>Zwischenbilanz: Jana Berg über den Umbau des Versandhandels - Handelsblog</title></head><body><article>
<h1>Zwischenbilanz: Jana Berg über den Umbau des Versandhandels</h1>
<p>Seit vier Jahren baut Jana Berg den Versandhändler Nordlicht zu einem Händler für alle Kanäle um.</p>
<h2>Jana, Du bist seit 2021 dabei. Würdest Du sagen, der Umbau ist gelungen?</h2>
<p>Zum großen Teil ja. Wir haben die Lager zusammengelegt und verkaufen heute in allen Kanälen dasselbe.</p>
<h2>Was waren aus Deiner Sicht die größten Erfolge?</h2>
<p>Die Abholung im Laden. Fast ein Drittel der Bestellungen wird heute dort abgeholt.</p>
<h2>Und die Flops?</h2>
<p>Die eigene App. Sie wurde kaum genutzt, und wir haben sie nach einem Jahr eingestellt.</p>
<h2>Wie erkennt Ihr, was die Kundschaft will?</h2>
<p>Wir lesen jede Woche die Rückmeldungen aus den Läden und testen Neues zuerst in zwei Städten.</p>
</article></body></html>
"""
GERMAN_NUMBERED_INTERVIEW = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>Interview: digitale Assistenten in der Buchhaltung</title></head><body><article>
<h1>Interview: digitale Assistenten in der Buchhaltung</h1>
<p>Die Fragen stellte die Redaktion dem Softwarehaus Lindgren.</p>
<h3>Frage 1: Assistenz-Systeme führen durch Programme. Wie weit sind sie heute?</h3>
<p>Sie erkennen Belege und schlagen Buchungen vor, die ein Mensch nur noch prüft.</p>
<h3>Frage 2: War die Büroklammer von damals ihrer Zeit voraus?</h3>
<p>Die Idee ja, die Technik nicht: Sie wusste nichts über den Nutzer.</p>
<h3>Frage 3: Welche Rolle spielen große Datenmengen?</h3>
<p>Ohne sie lernt kein Assistent, was eine gute Buchung ist.</p>
</article></body></html>
"""


def _text_only_in_json_ld(article_body: str) -> Row:
    """An opinion column whose markup holds only its photo's caption, its text in its JSON-LD's articleBody."""
    linked = {
        "@context": "https://schema.org",
        "@type": "OpinionNewsArticle",
        "headline": "Why the Riga pact matters",
        "author": {"@type": "Person", "name": "Marta Kovalenko"},
        "articleBody": article_body,
    }
    page = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Why the Riga pact matters | Baltic Courier</title>'
        f'<script type="application/ld+json">{json.dumps(linked)}</script></head><body><div id="app"><article>'
        "<h1>Why the Riga pact matters</h1><p>The three foreign ministers of the Baltic states stand together before"
        " their meeting in the Latvian capital on Monday, where they spoke about air defence, the cost of training"
        " crews and the orders they will place together this winter. Photo: Associated Press</p></article></div>"
        "</body></html>"
    )
    return Row(
        {"opinion.html": page.encode()},
        [(WRITTEN, "Why the Riga pact matters")],
        body_has=(f"{ENGLISH[0]}\n\n{ENGLISH[1]}",),
        body_lacks=("Photo: Associated Press",),
        author="Marta Kovalenko",
    )


ROWS = {
    "a news page with a rhetorical question, tour dates and a pull quote": _rhetorical(),
    "news with question subheads and a plain one between them": Row(
        {"court.html": NEWS_WITH_QUESTION_SUBHEADS},
        [(WRITTEN, "Court frees activist after two years")],
        qa=0,
        body_has=("## What did the court say?", "## What happens next?\n\nThe prosecution has thirty days"),
    ),
    "an interview in German, its question headings put to 'Du' and 'Ihr'": Row(
        {"interview.html": GERMAN_INTERVIEW},
        [(WRITTEN, "Zwischenbilanz: Jana Berg über den Umbau des Versandhandels")],
        qa=0,
        body_has=("## Und die Flops?\n\nDie eigene App.", "## Wie erkennt Ihr, was die Kundschaft will?"),
    ),
    "an interview in German, its questions marked 'Frage 1:'": Row(
        {"interview.html": GERMAN_NUMBERED_INTERVIEW},
        [(WRITTEN, "Interview: digitale Assistenten in der Buchhaltung")],
        qa=0,
        body_has=("Welche Rolle spielen große Datenmengen?", "Ohne sie lernt kein Assistent"),
    ),
    "an explainer with question headings": Row(
        {"explainer.html": ARRIVALS / "explainer-with-question-headings.html"},
        [(WRITTEN, "Explained: the Ukraine Facility")],
        qa=4,
        body_has=(
            "The European Union agreed in February to a new fund",
            "## Background\n\nUkraine's budget has depended",
        ),
        body_lacks=("What is the Ukraine Facility?",),
    ),
    # A '---' paragraph in an answer is an indented '---' line in the front matter, which ended it there.
    "an explainer with question headings, a '---' paragraph in an answer": Row(
        {
            "explainer.html": (ARRIVALS / "explainer-with-question-headings.html")
            .read_bytes()
            .replace(b"reforms that Ukraine drafted.", b"reforms that Ukraine drafted.</p><p>---</p><p>In short:")
        },
        [(WRITTEN, "Explained: the Ukraine Facility")],
        qa=4,
    ),
    "an FAQPage": Row(
        {"faq.html": ARRIVALS / "faq-page.html"},
        [(WRITTEN, "Temporary protection in the EU: questions and answers")],
        qa=3,
        body_has=("Since March 2022 the European Union has offered temporary protection",),
        body_lacks=("It has been extended until March 2026.",),
    ),
    "an FAQPage in microdata": Row(
        {"grain.html": MICRODATA_FAQ},
        [(WRITTEN, "Grain corridor: your questions")],
        qa=2,
        body_has=("Ukraine's sea corridor has carried grain from Odesa since August 2023.",),
        body_lacks=("Who protects the ships?",),
    ),
    "a KOI8-R page declared in http-equiv": Row(
        {"koi8.html": ARRIVALS / "koi8-r-page.html"},
        [(WRITTEN, "Украина и Польша подписали соглашение о безопасности")],
        body_has=("сроком на десять лет",),
    ),
    "a feed with full-text and summary-only entries, ingested twice": Row(
        {"monitor.xml": ARRIVALS / "feed-full-text-and-summaries.xml"},
        [
            (WRITTEN, "Lithuania pledges air defence for Ukraine's ports"),
            (WRITTEN, "Moldova and Ukraine open a new border crossing"),
            (SUMMARY_ONLY, "https://eemonitor.example/2025/04/opinion-grain"),
        ],
        again=[
            (SKIPPED, "lithuania-pledges-air-defence-for-ukraine-s-ports"),
            (SKIPPED, "moldova-and-ukraine-open-a-new-border-crossing"),
            (SUMMARY_ONLY, "https://eemonitor.example/2025/04/opinion-grain"),
        ],
        body_has=("## A bilateral agreement",),
        author="Jonas Petrauskas",
    ),
    "an RSS feed with the whole article in one entry's description and an excerpt in another's": Row(
        {"monitor.xml": DRUPAL_FEED},
        [
            (WRITTEN, "Romania and Ukraine agree to produce shells together"),
            (SUMMARY_ONLY, "https://blackseamonitor.example/2025/05/danube-ports"),
        ],
        body_has=tuple(FULL_DESCRIPTION_PARAGRAPHS),
        body_lacks=("Read more",),
        published=date(2025, 5, 15),
    ),
    "a feed entry whose full text ends in the links and notes of a republished article": Row(
        {
            "blog.xml": _rss(
                "Kyiv Policy Blog",
                "Warsaw's promise",
                "https://kyivpolicy.example/2024/06/13/warsaw/",
                """<p>Warsaw promised to train two brigades of Ukrainian soldiers next year.</p>
<p><a href="https://kyivpolicy.example/2024/06/13/warsaw/">Continue reading <span>Warsaw's promise</span> &#8594;</a></p>
<p>This article is republished from The Conversation under a Creative Commons license. Read the original article.</p>""",
            )
        },
        [(WRITTEN, "Warsaw's promise")],
        body_has=("Warsaw promised to train two brigades",),
        body_lacks=("Continue reading", "republished", "Creative Commons"),
    ),
    "an Atom feed whose full text is plain text": Row(
        {"nordic.atom": ATOM_FEED},
        [(WRITTEN, "Denmark funds artillery made in Ukraine")],
        body_has=(
            "Denmark will pay Ukrainian factories",
            "\n\nThe money comes from the proceeds of frozen Russian assets.",
        ),
        author="Freja Holm",
    ),
    "an Atom entry whose author has an email, as every Blogger feed's": Row(
        {
            "nordic.atom": ATOM_FEED.replace(
                "<name>Freja Holm</name>", "<name>Freja Holm</name><email>noreply@ndr.example</email>"
            )
        },
        [(WRITTEN, "Denmark funds artillery made in Ukraine")],
        author="Freja Holm",
    ),
    "a JSON Feed with a full-text and a summary-only entry": Row(
        {"baltic.json": JSON_FEED},
        [
            (WRITTEN, "Estonia orders drones for Ukraine"),
            (SUMMARY_ONLY, "https://balticwire.example/latvia-mines"),
        ],
        body_has=("Deliveries start in spring.",),
        author="Kadri Tamm",
    ),
    # lxml finds no element at all in a DOCTYPE cut short ('Document is empty'): the entry has no text.
    "an RSS feed with an entry whose full text is a DOCTYPE cut short": Row(
        {
            "wire.xml": RSS_WITH_HTML_TITLES.replace(
                "</item></channel>",
                "</item><item><title>Paris talks resume</title><link>https://kyivwire.example/2024/06/talks</link>"
                "<content:encoded><![CDATA[ <!DOCTYPE ]]></content:encoded></item></channel>",
            )
        },
        [
            (WRITTEN, "Breaking: Kyiv & Paris sign a security deal"),
            (SUMMARY_ONLY, "https://kyivwire.example/2024/06/talks"),
        ],
        author="Anna Lis",
    ),
    "an RSS feed whose titles are HTML, its author 'address (name)', its time in PDT": Row(
        {"wire.xml": RSS_WITH_HTML_TITLES},
        [(WRITTEN, "Breaking: Kyiv & Paris sign a security deal")],
        body_has=("The agreement covers air defence",),
        author="Anna Lis",
        published=date(2024, 6, 12),
    ),
    "an Atom entry published '3 February 2025', updated later, its title HTML": Row(
        {
            "nordic.atom": ATOM_FEED.replace(
                "<updated>2025-02-03T10:00:00Z</updated>\n    <author>",
                "<published>3 February 2025</published><updated>2025-03-01T10:00:00Z</updated>\n    <author>",
            ).replace("<title>Denmark funds", '<title type="html">&lt;!-- breaking --&gt;Denmark funds')
        },
        [(WRITTEN, "Denmark funds artillery made in Ukraine")],
        author="Freja Holm",
        published=date(2025, 2, 3),
    ),
    "a feed entry's paragraphs between <br><br>, a comment among them": Row(
        {
            "wire.json": JSON_FEED.replace(
                "<p>Estonia ordered reconnaissance drones for Ukraine from a Tallinn firm.</p><p>Deliveries",
                "<div>Estonia ordered reconnaissance drones for Ukraine<!-- more --> from a Tallinn firm.<br><br>Deliveries",
            ).replace("in spring.</p>", "in spring.</div>")
        },
        [(WRITTEN, "Estonia orders drones for Ukraine"), (SUMMARY_ONLY, "https://balticwire.example/latvia-mines")],
        body_has=(
            "Estonia ordered reconnaissance drones for Ukraine from a Tallinn firm.\n\nDeliveries start in spring.",
        ),
        body_lacks=("more",),
        author="Kadri Tamm",
    ),
    "an RSS 0.91 feed with a DOCTYPE, in Latin-1, with summaries only": Row(
        {"geneva.xml": RSS_091},
        [(SUMMARY_ONLY, "http://genevawire.example/cafe-talks")],
    ),
    # Some XML tools write every element with a namespace prefix, the root's too.
    "an Atom feed whose elements carry a namespace prefix ('<a:feed>')": Row(
        {
            "desk.atom": '<?xml version="1.0" encoding="utf-8"?>\n<a:feed xmlns:a="http://www.w3.org/2005/Atom">'
            "<a:title>Baltic Desk</a:title><a:id>urn:baltic-desk</a:id><a:updated>2025-05-15T09:00:00Z</a:updated>"
            "<a:entry><a:title>Latvia signs a security agreement</a:title><a:id>urn:baltic-desk:1</a:id>"
            '<a:link href="https://balticdesk.example/latvia-signs"/><a:updated>2025-05-15T09:00:00Z</a:updated>'
            '<a:author><a:name>Ilze Ozola</a:name></a:author><a:content type="html">'
            + "".join(f"&lt;p&gt;{paragraph}&lt;/p&gt;" for paragraph in FULL_DESCRIPTION_PARAGRAPHS)
            + "</a:content></a:entry></a:feed>"
        },
        [(WRITTEN, "Latvia signs a security agreement")],
        body_has=(FULL_DESCRIPTION_PARAGRAPHS[0],),
        author="Ilze Ozola",
    ),
    "an RSS feed whose elements carry a namespace prefix ('<r:rss>')": Row(
        {
            "geneva.xml": RSS_091.replace(b"<rss ", b'<r:rss xmlns:r="http://backend.userland.com/rss2" ')
            .replace(b"</rss>", b"</r:rss>")
            .replace(b"<item>", b"<r:item>")
            .replace(b"</item>", b"</r:item>")
            .replace(b"<link>", b"<r:link>")
            .replace(b"</link>", b"</r:link>")
        },
        [(SUMMARY_ONLY, "http://genevawire.example/cafe-talks")],
    ),
    "a feed whose DOCTYPE declares the HTML entities, as older publishing tools write it": Row(
        {
            "wire.xml": WORDPRESS_FEED.replace(
                "<rss ",
                '<!DOCTYPE rss [\n<!ENTITY % HTMLlat1 PUBLIC "-//W3C//ENTITIES Latin 1 for XHTML//EN"\n'
                ' "http://www.w3.org/TR/xhtml1/DTD/xhtml-lat1.ent">\n%HTMLlat1;\n]>\n<rss ',
                1,
            )
        },
        [(WRITTEN, "Warsaw's promise")],
        body_has=("Warsaw promised to train two brigades",),
    ),
    "a feed whose first entry is a video, its full text only the player and a still": Row(
        {
            "wire.xml": _rss(
                "Paris Wire",
                "Watch: the signing in Paris",
                "https://pariswire.example/video/signing",
                '<figure><iframe src="https://player.example/embed/123"></iframe></figure><p><img src="still.jpg"></p>',
            ).replace(
                "</channel>",
                "<item><title>France signs a security deal</title><content:encoded>"
                f"<![CDATA[<p>{ENGLISH[0]}</p>]]></content:encoded></item></channel>",
            )
        },
        [
            (SUMMARY_ONLY, "https://pariswire.example/video/signing"),
            (WRITTEN, "France signs a security deal"),
        ],
    ),
    "a Substack feed, its subscription boxes in the text": Row(
        {"substack.xml": SUBSTACK_FEED},
        [(WRITTEN, "Why the Polish deal matters")],
        body_has=("The deal commits Warsaw",),
        body_lacks=("Thanks for reading", "reader-supported"),
    ),
    "a WordPress feed, 'The post … appeared first on …' after each entry": Row(
        {"wordpress.xml": WORDPRESS_FEED},
        [(WRITTEN, "Warsaw's promise")],
        body_has=("Warsaw promised to train two brigades",),
        body_lacks=("appeared first on",),
    ),
    "feeds saved as UTF-16 (Windows' 'Unicode')": Row(
        {
            "a.xml": WORDPRESS_FEED.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"),
            "b.json": JSON_FEED.encode("utf-16"),
        },
        [
            (WRITTEN, "Warsaw's promise"),
            (WRITTEN, "Estonia orders drones for Ukraine"),
            (SUMMARY_ONLY, "https://balticwire.example/latvia-mines"),
        ],
        body_has=("Warsaw promised to train two brigades",),
    ),
    "feeds saved as UTF-32, with a byte-order mark and without": Row(
        {
            "a.xml": WORDPRESS_FEED.replace('encoding="UTF-8"', 'encoding="UTF-32"').encode("utf-32"),
            "c.xml": RSS_WITH_HTML_TITLES.replace('encoding="UTF-8"', 'encoding="UTF-32BE"').encode("utf-32-be"),
        },
        [(WRITTEN, "Warsaw's promise"), (WRITTEN, "Breaking: Kyiv & Paris sign a security deal")],
        body_has=("Warsaw promised to train two brigades",),
    ),
    # A browser runs an inline element's text into what is around it: no space before the full stop.
    "a feed entry whose text has links and emphasis inside its words and sentences": Row(
        {
            "wire.xml": _rss(
                "Baltic Wire",
                "Estonia orders drones",
                "https://balticwire.example/estonia-drones",
                '<p>Estonia ordered drones, <a href="https://mod.example/report">the ministry said</a>. The'
                " <em>Tallinn</em>-based maker delivers in <strong>spring</strong>; the first <del>nine</del><b>ten</b>"
                " arrive in March.</p>",
            )
        },
        [(WRITTEN, "Estonia orders drones")],
        body_has=(
            "Estonia ordered drones, the ministry said. The Tallinn-based maker delivers in spring; the first ten",
        ),
        body_lacks=("nine",),  # a correction's struck-out word
    ),
    "a feed entry that names its authors only in a byline atop its text": Row(
        {
            "wire.xml": _rss(
                "Baltic Wire",
                "Estonia orders drones",
                "https://balticwire.example/estonia-drones",
                f"<p>By Kadri Tamm and Jan Nowak</p><p>{ENGLISH[0]}</p><p>{ENGLISH[1]}</p>",
            )
        },
        [(WRITTEN, "Estonia orders drones")],
        author="Kadri Tamm, Jan Nowak",
        body_lacks=("By Kadri",),
    ),
    "a feed entry with two authors (Atom's <author>s)": Row(
        {
            "wire.atom": '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            "<title>Baltic Wire</title><entry><title>Estonia orders drones</title><id>tag:wire,2024:1</id>"
            '<link href="https://balticwire.example/estonia-drones"/><updated>2024-06-10T09:00:00Z</updated>'
            "<author><name>Kadri Tamm</name><uri>https://balticwire.example/kadri</uri></author>"
            f'<author><name>Jan Nowak</name></author><content type="html"><![CDATA[<p>{ENGLISH[0]}</p>'
            f"<p>{ENGLISH[1]}</p>]]></content></entry></feed>",
        },
        [(WRITTEN, "Estonia orders drones")],
        author="Kadri Tamm, Jan Nowak",
    ),
    "a feed entry with two authors (RSS's dc:creators)": Row(
        {
            "wire.rss": _rss(
                "Baltic Wire", "Latvia orders mines", "https://balticwire.example/latvia-mines", f"<p>{ENGLISH[2]}</p>"
            )
            .replace("<rss ", '<rss xmlns:dc="http://purl.org/dc/elements/1.1/" ')
            .replace("</link>", "</link><dc:creator>Kadri Tamm</dc:creator><dc:creator>Jan Nowak</dc:creator>"),
        },
        [(WRITTEN, "Latvia orders mines")],
        author="Kadri Tamm, Jan Nowak",
    ),
    # Google News': each item names its source, and its title ends with the source's name.
    "an aggregator's feed, each entry naming its source": Row(
        {
            "news.rss": _rss(
                "Google News - security agreement",
                "Estonia orders drones - Baltic Wire",
                "https://balticwire.example/estonia-drones",
                f"<p>{ENGLISH[0]}</p><p>{ENGLISH[1]}</p>",
            ).replace("</link>", '</link><source url="https://balticwire.example">Baltic Wire</source>'),
        },
        [(WRITTEN, "Estonia orders drones")],
        publisher="Baltic Wire",
    ),
    # A newspaper's section feed: its title names the section beside the site, whose name is the publisher.
    "a section's feed, titled with the section and the site's name": Row(
        {
            "world.rss": _rss(
                "World news | The Baltic Courier",
                "Estonia orders drones",
                "https://www.balticcourier.example/world/estonia-drones",
                f"<p>{ENGLISH[0]}</p><p>{ENGLISH[1]}</p>",
            ).replace("<item>", "<link>https://www.balticcourier.example/world</link><item>"),
        },
        [(WRITTEN, "Estonia orders drones")],
        publisher="The Baltic Courier",
    ),
    # A section's JSON Feed titled with the section alone, the site its own author.
    "a section's JSON Feed by the site, titled with the section alone": Row(
        {
            "wire.json": JSON_FEED.replace(
                '"title": "Baltic Wire",',
                '"title": "Technology", "home_page_url": "https://www.balticwire.example/technology/",'
                ' "authors": [{"name": "Baltic Wire"}],',
            )
        },
        [(WRITTEN, "Estonia orders drones for Ukraine"), (SUMMARY_ONLY, "https://balticwire.example/latvia-mines")],
        author="Kadri Tamm",
        publisher="Baltic Wire",
    ),
    # A blogger's own feed: its author names a person, not the site; the title stays the publisher.
    "a blogger's JSON Feed, its author a person": Row(
        {
            "wire.json": JSON_FEED.replace(
                '"title": "Baltic Wire",',
                '"title": "Notes from Riga", "home_page_url": "https://www.balticwire.example/",'
                ' "authors": [{"name": "Kadri Tamm"}],',
            )
        },
        [(WRITTEN, "Estonia orders drones for Ukraine"), (SUMMARY_ONLY, "https://balticwire.example/latvia-mines")],
        author="Kadri Tamm",
        publisher="Notes from Riga",
    ),
    # A title with a separator whose parts name no site is the publisher whole.
    "a feed titled with a separator, no part of it the site's name": Row(
        {
            "monitor.rss": _rss(
                "Baltic security - analysis and news",
                "Estonia orders drones",
                "https://eemonitor.example/estonia-drones",
                f"<p>{ENGLISH[0]}</p><p>{ENGLISH[1]}</p>",
            ).replace("<item>", "<link>https://eemonitor.example/</link><item>"),
        },
        [(WRITTEN, "Estonia orders drones")],
        publisher="Baltic security - analysis and news",
    ),
    # Hacker News': each entry links to an article on another site, and names none.
    "a link aggregator's feed, each entry on another site": Row(
        {
            "front.rss": _rss(
                "Front Page",
                "Estonia orders drones - a report",
                "https://www.balticwire.example/estonia-drones",
                f"<p>{ENGLISH[0]}</p><p>{ENGLISH[1]}</p>",
            ).replace("<item>", "<link>https://news.aggregator.example/</link><item>"),
        },
        [(WRITTEN, "Estonia orders drones - a report")],
        publisher="balticwire.example",
    ),
    # Google Alerts': each entry's link a redirect to the article, its content a snippet cut short.
    "a feed of alerts, each a snippet cut short with a redirect for its link": Row(
        {
            "alert.atom": '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            "<title>Google Alert - security agreement</title><entry><id>tag:google.com,2013:googlealerts/feed:1</id>"
            '<title type="html">Latvia and Estonia sign &lt;b&gt;security agreement&lt;/b&gt;</title>'
            '<link href="https://www.google.com/url?rct=j&amp;sa=t&amp;url=https://news.example/latvia-pact&amp;ct=ga'
            '&amp;usg=AOvVaw"/><updated>2026-12-01T09:00:00Z</updated><content type="html">Latvia and Estonia'
            " signed a ten-year &lt;b&gt;security agreement&lt;/b&gt; on Monday, the ministry said&amp;nbsp;..."
            "</content></entry></feed>"
        },
        [(SUMMARY_ONLY, "https://news.example/latvia-pact")],
    ),
    # A whole article as text and inline markup, with no <p> around it, as many feeds' descriptions are.
    "a feed entry whose whole text has inline markup and no paragraphs' tags, its link a redirect": Row(
        {
            "wire.xml": _rss(
                "Baltic Wire",
                "Estonia orders drones",
                "https://www.google.com/url?q=https://balticwire.example/estonia-drones&amp;sa=D",
                f"{ENGLISH[0]} The <b>Tallinn</b>-based maker delivers in <a href='https://mod.example'>spring</a>."
                f"<br><br>{ENGLISH[1]}",
            )
        },
        [(WRITTEN, "Estonia orders drones")],
        body_has=(f"{ENGLISH[0]} The Tallinn-based maker delivers in spring.\n\n{ENGLISH[1]}",),
        url="https://balticwire.example/estonia-drones",
    ),
    "a FeedBurner feed, each link its redirect and the article's address in feedburner:origLink": Row(
        {
            "wire.xml": WORDPRESS_FEED.replace(
                'xmlns:content="http://purl.org/rss/1.0/modules/content/"',
                'xmlns:content="http://purl.org/rss/1.0/modules/content/"'
                ' xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"',
            ).replace(
                "<link>https://kyivpolicy.example/2024/06/13/warsaw/</link>",
                "<link>http://feedproxy.google.com/~r/KyivPolicy/~3/x1y2/</link>"
                "<feedburner:origLink>https://kyivpolicy.example/2024/06/13/warsaw/</feedburner:origLink>",
            )
        },
        [(WRITTEN, "Warsaw's promise")],
        url="https://kyivpolicy.example/2024/06/13/warsaw/",
    ),
    # Reddit's: each entry's content a table of the thumbnail, 'submitted by', '[link]' and '[comments]'.
    "a feed whose entries' content is only a table of links": Row(
        {
            "worldnews.atom": '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            "<title>World News</title><entry><title>Latvia signs security pact</title><id>t3_abc</id>"
            '<link href="https://www.reddit.com/r/worldnews/comments/abc/latvia_signs/"/>'
            '<updated>2026-12-01T09:00:00+00:00</updated><content type="html">&lt;table&gt;&lt;tr&gt;&lt;td&gt;'
            "submitted by &lt;a href=&quot;https://www.reddit.com/user/newsbot&quot;&gt;/u/newsbot&lt;/a&gt;"
            " &lt;a href=&quot;https://news.example/latvia-pact&quot;&gt;[link]&lt;/a&gt; &lt;a"
            " href=&quot;https://www.reddit.com/r/worldnews/comments/abc/&quot;&gt;[comments]&lt;/a&gt;"
            "&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</content></entry></feed>"
        },
        [(SUMMARY_ONLY, "https://www.reddit.com/r/worldnews/comments/abc/latvia_signs/")],
    ),
    # Mastodon's and micro.blog's feeds: each post an item with no title, all of it in its description.
    "a feed of posts with no titles": Row(
        {
            "desk.rss": '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Baltic Desk'
            "</title><link>https://social.example/@desk</link><item><link>https://social.example/@desk/111</link>"
            "<pubDate>Mon, 30 Nov 2026 09:12:00 +0000</pubDate><description>&lt;p&gt;Latvia and Estonia signed an"
            " air defence pact in Riga today, the ministry said.&lt;/p&gt;&lt;p&gt;&lt;a"
            ' href="https://social.example/tags/Riga" class="mention hashtag" rel="tag"&gt;#&lt;span&gt;Riga'
            "&lt;/span&gt;&lt;/a&gt;&lt;/p&gt;</description></item></channel></rss>"
        },
        [(WRITTEN, "Latvia and Estonia signed an air defence pact in Riga today")],
        body_has=("the ministry said.", "#Riga"),
        url="https://social.example/@desk/111",
    ),
    "a JSON Feed written by PHP's json_encode, every slash escaped": Row(
        {"wire.json": JSON_FEED.replace("/", "\\/")},
        [(WRITTEN, "Estonia orders drones for Ukraine"), (SUMMARY_ONLY, "https://balticwire.example/latvia-mines")],
        body_has=("Deliveries start in spring.",),
        author="Kadri Tamm",
        url="https://balticwire.example/estonia-drones",
    ),
    "a UTF-16 feed without a byte-order mark, and a UTF-8 feed declaring UTF-16, as .NET's XmlWriter writes it": Row(
        {
            "a.xml": WORDPRESS_FEED.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16-le"),
            "b.xml": _rss(
                "Café Wire", "Zürich talks", "https://cafewire.example/zurich", f"<p>{ENGLISH[0]}</p>"
            ).replace('encoding="UTF-8"', 'encoding="utf-16"'),
            "c.xml": RSS_WITH_HTML_TITLES.replace('encoding="UTF-8"', 'encoding="utf_16"').encode("utf-16-be"),
        },
        [
            (WRITTEN, "Warsaw's promise"),
            (WRITTEN, "Zürich talks"),
            (WRITTEN, "Breaking: Kyiv & Paris sign a security deal"),
        ],
        body_has=("Warsaw promised to train two brigades",),
    ),
    "a JSON Feed whose titles are HTML-escaped, as WordPress's": Row(
        {
            "wire.json": JSON_FEED.replace(
                "Estonia orders drones for Ukraine", "Estonia&#8217;s drones &amp; AT&T for Ukraine"
            )
        },
        [(WRITTEN, "Estonia’s drones & AT&T for Ukraine"), (SUMMARY_ONLY, "https://balticwire.example/latvia-mines")],
        author="Kadri Tamm",
    ),
    "feeds whose entries' addresses are relative to the site": Row(
        {
            "a.xml": WORDPRESS_FEED.replace("<channel>", "<channel><link>https://kyivpolicy.example/</link>").replace(
                "<link>https://kyivpolicy.example/2024/06/13/warsaw/</link>", "<link>/2024/06/13/warsaw/</link>"
            ),
            "b.json": JSON_FEED.replace(
                '"title": "Baltic Wire"', '"title": "Baltic Wire", "home_page_url": "https://balticwire.example/"'
            )
            .replace("https://balticwire.example/estonia-drones", "/estonia-drones")
            .replace("https://balticwire.example/latvia-mines", "latvia-mines"),
        },
        [
            (WRITTEN, "Warsaw's promise"),
            (WRITTEN, "Estonia orders drones for Ukraine"),
            (SUMMARY_ONLY, "https://balticwire.example/latvia-mines"),
        ],
        url="https://kyivpolicy.example/2024/06/13/warsaw/",
    ),
    "a feed whose entry starts with WordPress's block comments": Row(
        {
            "wire.json": JSON_FEED.replace(
                '"content_html": "<p>Estonia',
                '"content_html": "<!-- wp:paragraph -->\\n<p>Estonia',
            ).replace("in spring.</p>", "in spring.</p>\\n<!-- /wp:paragraph -->")
        },
        [(WRITTEN, "Estonia orders drones for Ukraine"), (SUMMARY_ONLY, "https://balticwire.example/latvia-mines")],
        body_has=("Estonia ordered reconnaissance drones", "Deliveries start in spring."),
        body_lacks=("wp:paragraph",),
        author="Kadri Tamm",
    ),
    "a FeedBurner entry, its link tracked, then its page at its own address": Row(
        {
            "a-feed.xml": WORDPRESS_FEED.replace(
                "<link>https://kyivpolicy.example/2024/06/13/warsaw/</link>",
                "<link>https://kyivpolicy.example/2024/06/13/warsaw/?utm_source=feedburner&amp;utm_medium=feed</link>",
            ),
            "b-page.html": _page("Warsaw's promise", "Kyiv Policy Blog", "", "utf-8", ENGLISH).replace(
                b"</title>", b'</title><link rel="canonical" href="https://kyivpolicy.example/2024/06/13/warsaw/">'
            ),
        },
        [(WRITTEN, "Warsaw's promise"), (SKIPPED, "warsaw-s-promise")],
        url="https://kyivpolicy.example/2024/06/13/warsaw/",
    ),
    "a feed entry dated after today": Row(
        {"wire.json": JSON_FEED.replace("2025-02-10T08:00:00Z", "2035-02-10T08:00:00Z")},
        [
            (WRITTEN, "Estonia orders drones for Ukraine"),
            (SUMMARY_ONLY, "https://balticwire.example/latvia-mines"),
        ],
        author="Kadri Tamm",
        published=date(2035, 2, 10),
        warning="the date given, 2035-02-10, is after today: check it",
    ),
    "an RSS entry dated with Unix's time 0, as a feed without dates has it": Row(
        {"wire.xml": RSS_WITH_HTML_TITLES.replace("Wed, 12 Jun 2024 23:30:00 PDT", "Thu, 01 Jan 1970 00:00:00 +0000")},
        [(WRITTEN, "Breaking: Kyiv & Paris sign a security deal")],
        author="Anna Lis",
        undated=True,
    ),
    "a JSON Feed item dated with Unix's time 0 west of Greenwich": Row(
        {"wire.json": JSON_FEED.replace("2025-02-10T08:00:00Z", "1969-12-31T19:00:00-05:00")},
        [(WRITTEN, "Estonia orders drones for Ukraine"), (SUMMARY_ONLY, "https://balticwire.example/latvia-mines")],
        author="Kadri Tamm",
        undated=True,
    ),
    "a feed cut short while saving": Row(
        {"cut.xml": RSS_WITH_HTML_TITLES[: RSS_WITH_HTML_TITLES.index("The agreement covers")]},
        [(REFUSED, "cut.xml: this feed is cut short: it ends before its closing tag")],
    ),
    "a page saved complete, with its _files folder": Row(
        {
            "Riga talks - Baltic Courier.html": _page(
                "Baltic ministers meet in Riga on air defence", "Baltic Courier", "", "utf-8", ENGLISH
            ),
            "Riga talks - Baltic Courier_files/app.js": "window.dataLayer = window.dataLayer || [];\n",
            "Riga talks - Baltic Courier_files/style.css": "body { margin: 0 }\n",
            "Riga talks - Baltic Courier_files/saved_resource.html": "<html><body><div>Ad</div></body></html>",
        },
        [
            (WRITTEN, "Baltic ministers meet in Riga on air defence"),
            (SKIPPED, "Riga talks - Baltic Courier.html"),
            (SKIPPED, "Riga talks - Baltic Courier.html"),
            (SKIPPED, "Riga talks - Baltic Courier.html"),
        ],
    ),
    "a page saved as one file by Chrome (MHTML)": Row(
        {"riga.mhtml": _mhtml(RIGA_PAGE)},
        [(WRITTEN, "Baltic ministers meet in Riga on air defence")],
        body_has=("They agreed to pool their orders",),
        body_lacks=("MultipartBoundary", "Content-Type", "=3D"),
    ),
    "a page saved by Safari (.webarchive)": Row(
        {"riga.webarchive": _webarchive(RIGA_PAGE)},
        [(WRITTEN, "Baltic ministers meet in Riga on air defence")],
        body_has=("They agreed to pool their orders",),
    ),
    "an MHTML file cut short": Row(
        {"riga.mhtml": _mhtml(RIGA_PAGE)[:900]},
        [(REFUSED, "riga.mhtml: this web archive (MHTML) is cut short")],
    ),
    "a Safari web archive cut short": Row(
        {"riga.webarchive": _webarchive(RIGA_PAGE)[:200]},
        [(REFUSED, "riga.webarchive: this Safari web archive cannot be read")],
    ),
    # Posts brought from other site generators: Hugo's TOML front matter, Jekyll's 'date' and 'description'.
    "a Hugo post, its front matter in TOML": Row(
        {
            "pact.md": '+++\ntitle = "Chile and Peru sign a pact"\ndate = 2024-06-13T23:30:00-04:00\n'
            'tags = ["fisheries"]\n+++\n\nChile and Peru signed a fisheries pact on Monday, both ministries said.\n'
        },
        [(WRITTEN, "Chile and Peru sign a pact")],
        published=date(2024, 6, 13),  # the day where it was written, not in UTC
        body_has=("Chile and Peru signed a fisheries pact on Monday",),
    ),
    "a Jekyll post, its day in 'date' and its summary in 'description'": Row(
        {
            "pact.md": "---\nlayout: post\ntitle: Chile and Peru sign a pact\ndate: 2024-06-13 10:00:00 +0200\n"
            "description: A fisheries pact for five years.\n---\n\nChile and Peru signed a fisheries pact.\n"
        },
        [(WRITTEN, "Chile and Peru sign a pact")],
        published=date(2024, 6, 13),
        summary="A fisheries pact for five years.",
    ),
    "a Hugo post whose TOML front matter has text without quotes": Row(
        {"pact.md": "+++\ndraft = false\ntitle = Chile and Peru\n+++\n\nChile and Peru signed a pact.\n"},
        [(REFUSED, "pact.md:3: this front matter is not valid TOML")],
    ),
    "notes saved as rich text by TextEdit": Row(
        {"notes.rtf": "{\\rtf1\\ansi\\ansicpg1252 Chile and Peru signed a fisheries pact on Monday.}"},
        [(REFUSED, "notes.rtf: this is rich text (RTF), as TextEdit and WordPad save a document")],
    ),
    "a sitemap saved as .xml": Row(
        {"sitemap.xml": '<?xml version="1.0"?><urlset><url><loc>https://a.example/</loc></url></urlset>'},
        [(REFUSED, "sitemap.xml: this file is not an RSS, Atom or JSON Feed (nor an article)")],
    ),
    "a blog's page saved as feed.xml instead of its feed": Row(
        {
            "feed.xml": "<!DOCTYPE html><html><head><title>Subscribe | Kyiv Policy Blog</title>"
            '<link rel="alternate" type="application/rss+xml" title="Kyiv Policy Blog &raquo; Feed" '
            "href='https://kyivpolicy.example/feed/?lang=en&amp;full=1'></head><body><p>Subscribe.</p></body></html>"
        },
        [
            (
                REFUSED,
                "feed.xml: this file is not an RSS, Atom or JSON Feed (nor an article) but a web page linking to its "
                "feed\n    fix: open the feed's address, https://kyivpolicy.example/feed/?lang=en&full=1, and save",
            )
        ],
    ),
    "a batch of a good file, a PDF and a duplicate": Row(
        {"a-good.txt": GOOD_TEXT, "b-report.pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "c-copy.txt": GOOD_TEXT},
        [
            (WRITTEN, "Ukraine Strengthens Security Agreements with International Allies"),
            (REFUSED, "b-report.pdf: this is not a text file: it looks like a PDF document"),
            (SKIPPED, "ukraine-strengthens-security-agreements-with-international-allies"),
        ],
    ),
    "two articles whose titles agree in their first 70 characters": Row(
        {
            "a.md": "# Ukraine and its partners sign a long list of bilateral security agreements in Paris\n\n"
            "France and Ukraine signed a security agreement in Paris on Friday.\n",
            "b.md": "# Ukraine and its partners sign a long list of bilateral security agreements in Vilnius\n\n"
            "Lithuania and Ukraine signed a security agreement in Vilnius on Monday, covering drones.\n",
        },
        [
            (WRITTEN, "Ukraine and its partners sign a long list of bilateral security agreements in Paris"),
            (WRITTEN, "Ukraine and its partners sign a long list of bilateral security agreements in Vilnius"),
        ],
    ),
    "Markdown whose source is a plain string": Row(
        {"plain-source.md": "---\ntitle: Talks in Riga\nsource: Latvian Radio\n---\n\nDelegations met in Riga.\n"},
        [(REFUSED, "plain-source.md:3: 'source' should hold indented fields, but it is 'Latvian Radio'")],
    ),
    "Markdown whose date is not on the calendar": Row(
        {"riga.md": "---\ntitle: Talks in Riga\npublished: 2024-02-30\n---\n\nDelegations met in Riga.\n"},
        [(REFUSED, "riga.md:3: '2024-02-30' is not a day of the calendar")],
    ),
    "Q&A YAML whose published date is not a date": Row(
        {
            "qa.yaml": "title: Two questions on the Ramstein group\npublished: last week\nqa:\n"
            "  - question: What is the Ramstein group?\n    answer: About fifty countries that coordinate arms for Ukraine.\n"
        },
        [(REFUSED, "qa.yaml:2: 'published' should be a date, but it is 'last week'")],
    ),
    "Markdown with an unknown topic": Row(
        {
            "topics.md": "---\ntitle: Talks in Riga\ntopics: [security-agreements, weather]\n---\n\n"
            "Delegations met in Riga to discuss a security agreement.\n"
        },
        [(WRITTEN, "Talks in Riga")],
        warning="unknown topic(s) dropped: weather",
        topics=("security-agreements",),
    ),
    "a page that would keep the extractor busy for minutes": Row(
        {"busy.html": _busy_page()},
        [(REFUSED, "busy.html: this page has 60,004 HTML elements, over the 15,000 this tool reads")],
    ),
    "an ISO-8859-2 page declared in <meta charset>": Row(
        {
            "pl.html": _page(
                "Polska i Ukraina podpisały umowę", "Gazeta", "Polska i Ukraina podpisały umowę", "iso-8859-2", POLISH
            )
        },
        [(WRITTEN, "Polska i Ukraina podpisały umowę")],
        body_has=("dwustronną umowę o bezpieczeństwie",),
    ),
    # As a CMS cuts a teaser by bytes: 'papierosów' cut inside its 'ó'. Read as Windows-1252, every letter was wrong.
    "a UTF-8 page with one character cut in half in a teaser": Row(
        {
            "pl.html": _page(
                "Polska i Ukraina podpisały umowę", "Gazeta", "Polska i Ukraina podpisały umowę", "utf-8", POLISH
            ).replace(b"</article>", b"</article><aside><a href='/przemyt'>Przemyt papieros\xc3...</a></aside>")
        },
        [(WRITTEN, "Polska i Ukraina podpisały umowę")],
        body_has=("dwustronną umowę o bezpieczeństwie",),
        warning="this file is UTF-8 but for 1 damaged character(s), shown as '\ufffd'; check its text",
    ),
    "a Shift_JIS page declared in <meta charset>": Row(
        {
            "ja.html": _page(
                "日本とウクライナが文書に署名", "ニュース", "日本とウクライナが文書に署名", "shift_jis", JAPANESE
            )
        },
        [(WRITTEN, "日本とウクライナが文書に署名")],
        body_has=("エネルギー施設の復旧",),
    ),
    "a Shift_JIS page that does not say its encoding": Row(
        {
            "ja.html": _page("日本とウクライナが文書に署名", "ニュース", "", "shift_jis", JAPANESE).replace(
                b' charset="shift_jis"', b""
            )
        },
        [(WRITTEN, "日本とウクライナが文書に署名")],
        body_has=("エネルギー施設の復旧",),
        warning="this file is not UTF-8; it was read as Shift_JIS (Japanese)",
    ),
    "a news page whose text starts with its byline": Row(
        {
            "riga.html": _page(
                "Baltic ministers meet in Riga on air defence",
                "Baltic Courier",
                "",
                "utf-8",
                [
                    "By Jan Nowak and Anna Kowalska",
                    *ENGLISH,
                    "By the end of the year, Riga will host the next meeting.",
                ],
            ).replace(b"</title>", b'</title><meta name="author" content="By Jan Nowak">')
        },
        [(WRITTEN, "Baltic ministers meet in Riga on air defence")],
        body_has=("By the end of the year, Riga will host",),
        author="Jan Nowak",
        body_lacks=("Kowalska",),
        summary="The foreign ministers of the Baltic states met in Riga on Monday to discuss air defence for Ukraine.",
    ),
    "a page whose byline runs into its date, the weekday first": Row(
        {
            "riga.html": RIGA_PAGE.replace(
                b"</h1>", b'</h1><p class="author">By <a href="/a/lis">Anna Lis</a> Monday, November 18, 2019</p>'
            )
        },
        [(WRITTEN, "Baltic ministers meet in Riga on air defence")],
        author="Anna Lis",
    ),
    "a page whose byline runs into 'Published' and its time": Row(
        {
            "riga.html": RIGA_PAGE.replace(
                b"</h1>", b'</h1><span class="byline">Courier staff Published 10:00 a.m. ET Nov. 19, 2019</span>'
            )
        },
        [(WRITTEN, "Baltic ministers meet in Riga on air defence")],
        author="Courier staff",
    ),
    "a page whose author is the publishing system's account": Row(
        {"admin.html": _riga_page_by("admin")},
        [(WRITTEN, "Baltic ministers meet in Riga on air defence")],
        author=None,
        publisher="Baltic Courier",
    ),
    # WordPress's themes write the byline as links to the authors' pages, and so do the comments and the footer.
    "a page whose byline links to its authors' pages": Row(
        {
            "riga.html": RIGA_PAGE.replace(
                b"</h1>",
                b'</h1><span class="byline">by <a href="/author/anna/" rel="author">Anna Lis</a> and '
                b'<a href="/author/jan/" rel="author">Jan Nowak</a></span>',
            ).replace(
                b"</body>",
                b'<ol class="comment-list"><li><a href="/author/ola/" rel="external author">Ola Berg</a> '
                b"says: Thank you.</li></ol>"
                b'<footer>Theme by <a href="https://themes.example/" rel="author">Theme Makers</a></footer></body>',
            )
        },
        [(WRITTEN, "Baltic ministers meet in Riga on air defence")],
        author="Anna Lis, Jan Nowak",
    ),
    "a page whose only link to an author's page is the theme's in its footer": Row(
        {
            "riga.html": RIGA_PAGE.replace(
                b"</body>",
                b'<footer>Theme by <a href="https://themes.example/" rel="author">Theme Makers</a></footer></body>',
            )
        },
        [(WRITTEN, "Baltic ministers meet in Riga on air defence")],
        author=None,
    ),
    # A page whose scripts write its text: the markup holds a photo's caption, the JSON-LD the article.
    "a page whose text is only in its JSON-LD's articleBody": _text_only_in_json_ld(
        "\n\n".join(ENGLISH + FULL_DESCRIPTION_PARAGRAPHS)
    ),
    # The same, its articleBody HTML escaped, as WordPress's schema plugins write it.
    "a page whose text is only in its JSON-LD's articleBody, as escaped HTML": _text_only_in_json_ld(
        "".join(f"&lt;p&gt;{paragraph}&lt;/p&gt;" for paragraph in ENGLISH + FULL_DESCRIPTION_PARAGRAPHS)
    ),
    # trafilatura takes a WordPress comment form's label for the author's name.
    "a page whose only 'author' is its comment form's 'Name' label": Row(
        {
            "riga.html": RIGA_PAGE.replace(
                b"</body>",
                b'<div id="respond"><h3>Leave a comment</h3><form id="commentform"><p class="comment-form-author">'
                b'<label for="author">Name</label><input id="author" name="author" type="text"></p></form></div>'
                b"</body>",
            )
        },
        [(WRITTEN, "Baltic ministers meet in Riga on air defence")],
        author=None,
    ),
    "a page whose author is the site itself": Row(
        {
            "site.html": RIGA_PAGE.replace(
                b"</title>",
                b'</title><script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type":'
                b' "Organization", "name": "Baltic Courier"}}</script>',
            )
        },
        [(WRITTEN, "Baltic ministers meet in Riga on air defence")],
        author=None,
        publisher="Baltic Courier",
    ),
    # National Geographic's: the JSON-LD names the site as the author, the byline the person.
    "a page whose JSON-LD names the site as its author and whose byline names the person": Row(
        {
            "site.html": RIGA_PAGE.replace(
                b"</title>",
                b'</title><script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type":'
                b' "Organization", "name": "Baltic Courier"}}</script>',
            ).replace(b"</h1>", b'</h1><p class="byline">By <a href="/people/anna-lis" rel="author">Anna Lis</a></p>')
        },
        [(WRITTEN, "Baltic ministers meet in Riga on air defence")],
        author="Anna Lis",
        publisher="Baltic Courier",
    ),
    # Soft hyphens (&shy;, U+00AD) split a word for search, entities and the tracker: 'Po&shy;land' was no Poland.
    "a page, a text and a feed with soft hyphens in their words, as German sites write them": Row(
        {
            "a.html": _page(
                "Po&shy;land and Ukraine sign a securi&shy;ty agreement",
                "Courier",
                "",
                "utf-8",
                ["Po&shy;land and Ukraine signed a bilateral security agree&shy;ment in Warsaw on Tuesday.", *ENGLISH],
            ),
            "b.txt": "Lat\xadvia trains Ukrainian deminers\n\nLat\xadvia will train two hundred demi\xadners this year.\n",
            "c.json": JSON_FEED.replace("Estonia orders drones", "Esto&shy;nia orders drones"),
        },
        [
            (WRITTEN, "Poland and Ukraine sign a security agreement"),
            (WRITTEN, "Latvia trains Ukrainian deminers"),
            (WRITTEN, "Estonia orders drones for Ukraine"),
            (SUMMARY_ONLY, "https://balticwire.example/latvia-mines"),
        ],
        body_has=("Poland and Ukraine signed a bilateral security agreement in Warsaw",),
        body_lacks=("\xad",),
    ),
    "a page written in <div>s, its paragraphs between <br><br>": Row(
        {
            "riga.html": "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Ministers meet in Riga</title></head>"
            "<body><div class='story'><div class='text'>"
            + "<br>\n<br>\n".join(
                f"{ENGLISH[0]}<br>{sentence}" if n == 0 else sentence for n, sentence in enumerate(ENGLISH)
            )
            + "</div></div></body></html>"
        },
        [(WRITTEN, "Ministers meet in Riga")],
        body_has=(
            f"{ENGLISH[0]} {ENGLISH[0]}\n\n{ENGLISH[1]}\n\n{ENGLISH[2]}",  # one <br> is a space, two a new paragraph
        ),
    ),
    "an XHTML page with an XML declaration, saved as .html, .xhtml and .php": Row(
        {
            "a.html": _xhtml_page("Baltic ministers meet in Riga", ENGLISH),
            "b.xhtml": _xhtml_page("Estonia orders drones", ["Estonia ordered reconnaissance drones for Ukraine."]),
            "c.php": _xhtml_page("Latvia joins the coalition", ["Riga will lead the training of deminers."]),
        },
        [
            (WRITTEN, "Baltic ministers meet in Riga"),
            (WRITTEN, "Estonia orders drones"),
            (WRITTEN, "Latvia joins the coalition"),
        ],
        body_has=("They agreed to pool their orders",),
        body_lacks=("<?xml", "DOCTYPE"),
    ),
    "a live blog, each update with its time": Row(
        {"live.html": _live_blog()},
        [(WRITTEN, "Baltic talks live – as it happened")],
        body_has=(f"10\\.05 BST\n\n{ENGLISH[0]}\n\n11\\.05 BST\n\n{ENGLISH[1]}",),  # in Markdown, 10\\. is 10.
        published=date(2024, 6, 11),
    ),
    "a page whose JSON-LD dates it 0001-01-01, Go's zero time, its address giving the day": Row(
        {
            "riga.html": RIGA_PAGE.replace(
                b"</title>",
                b'</title><link rel="canonical" href="https://courier.example/2025/02/10/riga-ministers/">'
                b'<script type="application/ld+json">{"@context": "http://schema.org", "@type": "NewsArticle", '
                b'"dateModified": "0001-01-01T00:00:00Z", "datePublished": "0001-01-01T00:00:00Z"}</script>',
            )
        },
        [(WRITTEN, "Baltic ministers meet in Riga on air defence")],
        published=date(2025, 2, 10),
    ),
    # As WordPress's schema plugins write JSON-LD: in a CDATA section, a line break left raw in a string. It was
    # ignored as not JSON, and the page went without its author and with the day it was last modified.
    "a page whose JSON-LD is in a CDATA section, a line break raw in its headline": Row(
        {
            "riga.html": RIGA_PAGE.replace(
                b"</title>",
                b'</title><meta property="article:modified_time" content="2025-03-01T09:00:00+00:00">'
                b'<script type="application/ld+json">\n<![CDATA[\n{"@context": "https://schema.org", '
                b'"@type": "NewsArticle", "headline": "Baltic ministers meet in Riga\non air defence", '
                b'"datePublished": "2025-02-10T08:00:00+00:00", "author": {"@type": "Person", "name": "Ilze Berzina"}}'
                b"\n]]>\n</script>",
            )
        },
        [(WRITTEN, "Baltic ministers meet in Riga on air defence")],
        author="Ilze Berzina",
        published=date(2025, 2, 10),
    ),
    "pages whose logo is an <h1> linking home, in the site's own language": Row(
        {
            "a-pl.html": '<!DOCTYPE html><html><head><meta charset="utf-8">'
            "<title>Ministrowie spotkali się w Rydze - Baltic Courier</title>"
            '<meta property="og:site_name" content="Baltic Courier"></head><body>'
            '<header><a href="/"><h1>Kurier Bałtycki</h1></a></header><article>'
            + "".join(f"<p>{paragraph}</p>" for paragraph in POLISH)
            + "</article></body></html>",
            "b-en.html": RIGA_PAGE.replace(
                b"<nav>Home</nav>", b'<h1><a href="https://courier.example/">Courier</a></h1>'
            )
            .replace(b"<h1>Baltic", b'<h1><a href="https://courier.example/2025/riga">Baltic')
            .replace(b"defence</h1>", b"defence</a></h1>"),
        },
        [
            (WRITTEN, "Ministrowie spotkali się w Rydze"),
            (WRITTEN, "Baltic ministers meet in Riga on air defence"),
        ],
    ),
    "a page whose og:site_name is its address, its JSON-LD naming the publisher": Row(
        {
            "riga.html": RIGA_PAGE.replace(
                b'content="Baltic Courier"', b'content="https://www.courier.example"'
            ).replace(
                b"</title>",
                b'</title><script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
                b'"publisher": {"@type": "Organization", "name": "Baltic Courier"}}</script>',
            )
        },
        [(WRITTEN, "Baltic ministers meet in Riga on air defence")],
        publisher="Baltic Courier",
    ),
    # Wikipedia's JSON-LD 'headline' is the article's short description, in neither its <h1> nor its <title>.
    "a Wikipedia article, its JSON-LD 'headline' a short description": Row(
        {
            "wiki.html": (
                b"<!DOCTYPE html><html><head><title>Baltic Air Policing - Wikipedia</title>"
                b'<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Article", '
                b'"name": "Baltic Air Policing", "headline": "NATO air defence mission over the Baltic states"}'
                b'</script></head><body><h1 id="firstHeading">Baltic Air Policing</h1><div id="mw-content-text">'
                + "".join(f"<p>{p}</p>" for p in ENGLISH).encode()
                + b"</div></body></html>"
            )
        },
        [(WRITTEN, "Baltic Air Policing")],
    ),
    "a page whose og:site_name is only its address": Row(
        {"riga.html": RIGA_PAGE.replace(b'content="Baltic Courier"', b'content="https://www.courier.example"')},
        [(WRITTEN, "Baltic ministers meet in Riga on air defence")],
        publisher="courier.example",
    ),
    # WordPress's schema plugins write JSON-LD's strings with HTML's entities in them.
    "a page whose JSON-LD author is written with an entity": Row(
        {
            "riga.html": RIGA_PAGE.replace(
                b"</head>",
                b'<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "Person",'
                b' "name": "Aoife O&#039;Donnell"}}</script></head>',
            )
        },
        [(WRITTEN, "Baltic ministers meet in Riga on air defence")],
        author="Aoife O'Donnell",
    ),
    "a page whose og:title is only the site name": Row(
        {
            "riga.html": _page(
                "Baltic ministers meet in Riga on air defence", "Al Bawaba", "Al Bawaba", "utf-8", ENGLISH
            )
        },
        [(WRITTEN, "Baltic ministers meet in Riga on air defence")],
    ),
    "pasted text with a dateline under its title": Row(
        {
            "nile.txt": "Egypt and Sudan sign water accord\n\nNairobi, 3 November 2024\n\n"
            "Egypt and Sudan signed an accord on sharing the river's water on Sunday, officials said.\n\n"
            "Officials from both sides said the accord would be reviewed every five years.\n"
        },
        [(WRITTEN, "Egypt and Sudan sign water accord")],
        published=date(2024, 11, 3),
        body_lacks=("Nairobi",),
    ),
    "pasted text that opens with its date, then a byline": Row(
        {
            "note.txt": "Last updated: June 13, 2024 at 10:30 GMT\n\nBy Ana Ruiz\n\n"
            "Chile and Peru signed a fisheries arrangement on Thursday, both ministries said.\n\n"
            "The arrangement sets quotas for five years and a joint patrol of the shared waters.\n"
        },
        [(WRITTEN, "Chile and Peru signed a fisheries arrangement on Thursday")],
        published=date(2024, 6, 13),
        author="Ana Ruiz",
        body_lacks=("Last updated", "By Ana Ruiz"),
    ),
    "a wire story pasted as text, its agency in its dateline": Row(
        {
            "pact.txt": "Chile and Peru sign fisheries pact\n\nLIMA, June 13 (Reuters) - Chile and Peru signed a"
            " fisheries pact on Thursday, both ministries said.\n\nThe pact sets quotas for five years.\n"
        },
        [(WRITTEN, "Chile and Peru sign fisheries pact")],
        publisher="Reuters",
        body_has=("LIMA, June 13 (Reuters) - Chile and Peru signed",),
    ),
    "a wire story pasted as text, its reporters in its credits line": Row(
        {
            "pact.txt": "Chile and Peru sign fisheries pact\n\nChile and Peru signed a fisheries pact on Thursday.\n\n"
            "Reporting by Ana Ruiz and Bo Chen in Lima; Additional reporting by Kim Lee; Editing by Jan Nowak\n"
        },
        [(WRITTEN, "Chile and Peru sign fisheries pact")],
        author="Ana Ruiz, Bo Chen",
        body_lacks=("Reporting by",),
    ),
    "a feed entry ending with a wire story's credits": Row(
        {
            "wire.xml": _rss(
                "Baltic Wire",
                "Estonia orders drones",
                "https://balticwire.example/estonia-drones",
                f"<p>{ENGLISH[0]}</p><p>{ENGLISH[1]}</p><p>Reporting by Kadri Tamm; Editing by Jan Nowak</p>",
            )
        },
        [(WRITTEN, "Estonia orders drones")],
        author="Kadri Tamm",
        body_lacks=("Reporting by",),
    ),
    "pasted text with a byline of two under its title": Row(
        {
            "pact.txt": "Chile and Peru sign fisheries pact\n\nBy Ana Ruiz and Jan Nowak\n\n"
            "Chile and Peru signed a fisheries pact on Thursday, both ministries said.\n"
        },
        [(WRITTEN, "Chile and Peru sign fisheries pact")],
        author="Ana Ruiz, Jan Nowak",
        body_lacks=("By Ana Ruiz",),
    ),
    # The address an editor pastes beside the text, above it or below it after a label.
    "pasted text with the article's address on a line of its own under the title": Row(
        {
            "pact.txt": "Chile and Peru sign fisheries pact\n\nhttps://www.wire.example/americas/chile-peru-pact\n\n"
            "Chile and Peru signed a fisheries pact on Thursday, both ministries said.\n\n"
            "The pact sets quotas for five years, see https://www.wire.example/quotas for them.\n"
        },
        [(WRITTEN, "Chile and Peru sign fisheries pact")],
        url="https://www.wire.example/americas/chile-peru-pact",
        body_has=("see https://www.wire.example/quotas for them",),
        body_lacks=("americas/chile-peru-pact",),
    ),
    "pasted text with 'Source:' and the article's address at its end": Row(
        {
            "pact.txt": "Chile and Peru sign fisheries pact\n\n"
            "Chile and Peru signed a fisheries pact on Thursday, both ministries said.\n\n"
            "Source: https://www.wire.example/americas/chile-peru-pact-2024-06-13/\n"
        },
        [(WRITTEN, "Chile and Peru sign fisheries pact")],
        url="https://www.wire.example/americas/chile-peru-pact-2024-06-13/",
        published=date(2024, 6, 13),  # the day its address gives
        body_lacks=("Source:",),
    ),
    "pasted text whose first sentence gives a date": Row(
        {
            "talks.txt": "Fisheries talks resume\n\nThe talks began on 3 November 2024 in the capital, "
            "officials said.\n\nMore rounds are planned for the coming months, both sides said.\n"
        },
        [(WRITTEN, "Fisheries talks resume")],
        undated=True,
        body_has=("The talks began on 3 November 2024",),
    ),
    "a lone question followed by 16,000 lines": Row(
        {"statement.txt": _lone_question_then_long_text()},
        [(WRITTEN, "A long statement on the talks")],
        qa=0,
        body_has=("What happens next?\n\nLine 0 of the long statement",),
    ),
}


@pytest.mark.parametrize(
    ("written", "author"),
    [
        # The labels a page writes before the name, in English and other languages.
        ("View all posts by Anna Lis", "Anna Lis"),
        ("Author: Anna Lis", "Anna Lis"),
        ("Zeige alle Beiträge von Anna Lis", "Anna Lis"),
        ("von Anna Lis", "Anna Lis"),
        ("Vom Riga-Blogger", "Riga-Blogger"),
        ("Anna Lis Stand", "Anna Lis"),  # German's 'Stand: 19.01.2020', as of
        ("von der Leyen", "von der Leyen"),  # a name's particle, not a byline's 'von'
        ("Stories Untold", "Stories Untold"),
        # An address after the name (Deutsche Welle's 'Nordic Wire (www.dw.com)'), or only an address.
        ("Marta Kovalenko (https://courier.example/marta/)", "Marta Kovalenko"),
        ("Nordic Wire (www.nordicwire.example)", "Nordic Wire"),
        ("www.nordicwire.example", None),
        ("Super User", None),  # Joomla's account
        ("No Author", None),
        # A lone letter, all the extractor keeps of a forum user's 'r23'; two are an editor's initials.
        ("Beitrag von r", None),
        ("ap", "ap"),
        # A comment's heading, which a page's markup may give as an author.
        ("Art Edwards says", None),
    ],
)
def test_an_author_field_holds_only_the_name_in_it(tmp_path: Path, written: str, author: str | None):
    path = tmp_path / "riga.html"
    assert read_arrival(path, _riga_page_by(written)).front.get("author") == author


@pytest.mark.parametrize(
    "byline",
    ['<p class="byline">By Nelson D. Schwartz</p>', '<span class="author">Nelson D. Schwartz</span>'],
)
def test_a_byline_s_initials_keep_their_full_stops(tmp_path: Path, byline: str):
    # The name as the page writes it: the extractor that finds this byline gives 'Nelson D Schwartz'.
    page = f"<html><head><title>Riga port deal</title></head><body><article><h1>Riga port deal</h1>{byline}"
    page += "".join(f"<p>{paragraph}</p>" for paragraph in ENGLISH) + "</article></body></html>"
    assert read_arrival(tmp_path / "riga.html", page.encode()).front.get("author") == "Nelson D. Schwartz"


def _articles(content_dir: Path) -> list[LoadedArticle]:
    """The articles as the build reads them, with their bodies' Markdown, each file checked by its rules."""
    problems: list = []
    articles = [load_article(path, content_dir, problems) for path in article_paths(content_dir)]
    assert not problems, problems
    return [article for article in articles if article is not None]


def _put(folder: Path, files: dict[str, Path | bytes | str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, Path):
            shutil.copyfile(data, folder / name)
        elif isinstance(data, bytes):
            (folder / name).write_bytes(data)
        else:
            (folder / name).write_text(data, encoding="utf-8")


def _what(outcome) -> tuple[str, str]:
    if outcome.status == WRITTEN:
        return WRITTEN, outcome.report.draft.title
    if outcome.status == REFUSED:
        return REFUSED, str(outcome.problems[0])
    if outcome.status == SKIPPED:
        return SKIPPED, outcome.note.split("'")[1]
    return SUMMARY_ONLY, outcome.note


def _matches(found: list[tuple[str, str]], expected: list[tuple[str, str]]) -> bool:
    return len(found) == len(expected) and all(
        status == want_status and (what == want or (status == REFUSED and want in what))
        for (status, what), (want_status, want) in zip(found, expected, strict=True)
    )


@pytest.mark.parametrize("row", ROWS.values(), ids=ROWS.keys())
def test_each_arrival_has_its_exact_outcome(tmp_path: Path, empty_content: Path, row: Row):
    arrivals = tmp_path / "arrivals"
    _put(arrivals, row.files)
    outcomes = ingest_files([arrivals], empty_content, today=TODAY)
    found = [_what(outcome) for outcome in outcomes]
    assert _matches(found, row.outcomes), found
    if row.again is not None:
        again = [_what(outcome) for outcome in ingest_files([arrivals], empty_content, today=TODAY)]
        assert _matches(again, row.again), again
    written = [outcome.report for outcome in outcomes if outcome.status == WRITTEN]
    articles = {loaded.article.title: loaded for loaded in _articles(empty_content)}
    assert sorted(articles) == sorted(report.draft.title for report in written)
    originals = sorted(p.name for p in (empty_content / "originals").iterdir()) if written else []
    # Each written article's original is kept (a feed once, for all its entries), and nothing else.
    assert originals == sorted({report.original_file.name for report in written})
    if written:
        loaded = articles[written[0].draft.title]
        article = loaded.article
        if row.qa is not None:
            assert len(article.qa) == row.qa
        for text in row.body_has:
            assert text in loaded.body
        for text in row.body_lacks:
            assert text not in loaded.body
        assert article.author == row.author
        assert article.topics == row.topics
        if row.published:
            assert article.published == row.published
        if row.undated:
            assert article.published is None
        if row.summary:
            assert article.summary == row.summary
        if row.url:
            assert article.source.url == row.url
        if row.publisher:
            assert article.source.publisher == row.publisher
        if row.warning:
            assert f"warning: {row.warning}" in written[0].describe()
    if not written:
        assert not (empty_content / "originals").exists() or not any((empty_content / "originals").iterdir())


# Zero-width spaces (&#8203;) and word joiners (&#8288;), which publishing systems leave inside names, split a word
# as a soft hyphen does; an editor's Markdown or Q&A pasted from such a page carries them too.
INVISIBLE = {
    "page.html": _page(
        "Po&#8203;land and Ukraine sign a security agreement",
        "Courier",
        "",
        "utf-8",
        ["Po&#8203;land and Ukraine signed a bilateral security agree&#8288;ment in Warsaw on Tuesday.", *ENGLISH],
    ),
    "notes.md": "# Lat\u200bvia trains deminers\n\nLat\u200bvia will train two hundred demi\u2060ners this year.\n",
    "answers.yaml": "title: Esto\u200bnia and air defence\nqa:\n  - question: What does Esto\u2060nia send?\n"
    "    answer: Esto\ufeffnia sends radars and training teams.\n",
}


def test_invisible_line_break_hints_leave_no_word_split(empty_content: Path, tmp_path: Path):
    _put(tmp_path / "arrivals", INVISIBLE)
    outcomes = ingest_files([tmp_path / "arrivals"], empty_content, today=TODAY)
    assert [outcome.status for outcome in outcomes] == [WRITTEN] * 3, [_what(outcome) for outcome in outcomes]
    written = {path.name: path.read_text(encoding="utf-8") for path in (empty_content / "articles").glob("*.md")}
    assert not [name for name, text in written.items() if set(text) & set("\xad\u200b\u2060\ufeff")]
    everything = "\n".join(written.values())
    for whole in ("Poland and Ukraine signed", "security agreement in Warsaw", "Latvia will train", "deminers"):
        assert whole in everything
    assert "What does Estonia send?" in everything and "Estonia sends radars" in everything
    titles = {loaded.article.title for loaded in _articles(empty_content)}
    assert titles == {
        "Poland and Ukraine sign a security agreement",
        "Latvia trains deminers",
        "Estonia and air defence",
    }


def test_a_zero_width_space_between_thai_or_khmer_letters_is_kept_as_their_word_break():
    thai, khmer = "ภาษา\u200bไทย", "ភាសា\u200bខ្មែរ"
    assert without_invisible_breaks(f"{thai} {khmer} Po\u200bland") == f"{thai} {khmer} Poland"


def test_a_feed_summary_loses_its_control_characters_as_its_full_text_does():
    rss = DRUPAL_FEED.replace("&lt;p&gt;Read more", "&lt;p&gt;Read\x01 more")
    assert all("\x01" not in (entry.summary_html or "") for entry in read_feed(rss.encode()).entries)
    assert "\x01" in rss


def test_the_inbox_skips_a_page_s_files_after_writing_the_page(empty_content: Path):
    inbox = empty_content / "inbox"
    page = _page("Baltic ministers meet in Riga on air defence", "Baltic Courier", "", "utf-8", ENGLISH)
    _put(
        inbox,
        {"Riga.html": page, "Riga_files/app.js": "window.dataLayer = [];\n", "Riga_files/logo.png": b"\x89PNG\r\n"},
    )
    outcomes = [_what(outcome) for outcome in ingest_inbox(empty_content, today=TODAY)]
    assert outcomes == [
        (WRITTEN, "Baltic ministers meet in Riga on air defence"),
        (SKIPPED, "Riga.html"),
        (SKIPPED, "Riga.html"),
    ]
    assert not [path for path in inbox.rglob("*") if path.is_file()]


def test_the_inbox_removes_exactly_the_files_written_or_skipped(empty_content: Path):
    inbox = empty_content / "inbox"
    _put(inbox, ROWS["a batch of a good file, a PDF and a duplicate"].files)
    statuses = [outcome.status for outcome in ingest_inbox(empty_content, today=TODAY)]
    assert statuses == [WRITTEN, REFUSED, SKIPPED]
    assert sorted(p.name for p in inbox.iterdir()) == ["b-report.pdf"]


def test_the_inbox_named_to_ingest_empties_as_a_build_empties_it_and_files_elsewhere_stay(
    tmp_path: Path, empty_content: Path
):
    """`briefing ingest content/inbox` (or its files) leaves no arrival for the next build to skip again; a file
    named from anywhere else is the user's own, left where it is."""
    inbox, elsewhere = empty_content / "inbox", tmp_path / "downloads"
    _put(inbox, ROWS["a batch of a good file, a PDF and a duplicate"].files)
    _put(elsewhere, {"riga.txt": "Riga port deal\n\n" + "\n\n".join(ENGLISH)})
    statuses = [outcome.status for outcome in ingest([inbox, elsewhere / "riga.txt"], empty_content, today=TODAY)]
    assert statuses == [WRITTEN, REFUSED, SKIPPED, WRITTEN]
    assert sorted(p.name for p in inbox.iterdir()) == ["b-report.pdf"]
    assert (elsewhere / "riga.txt").is_file()


def test_the_ingest_command_reports_every_arrival_and_exits_2_when_one_is_refused(tmp_path: Path, empty_content: Path):
    arrivals = tmp_path / "arrivals"
    _put(arrivals, ROWS["a batch of a good file, a PDF and a duplicate"].files)
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "build.py"), "ingest", str(arrivals), "--content", str(empty_content)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "Ingested" in result.stdout and "a-good.txt" in result.stdout
    assert f"Refused {arrivals / 'b-report.pdf'}:" in result.stderr and "fix:" in result.stderr.lower()
    assert "Skipped" in result.stdout and "c-copy.txt: already in the content as" in result.stdout
    assert "3 arrival(s): 1 written, 1 skipped, 1 refused." in result.stdout
    assert "nothing was written" not in result.stdout + result.stderr
    assert CONTENT.is_dir()


def _as_from_a_terminal() -> None:
    """In the child before it starts: Ctrl-C as a shell leaves it (a process that ignores or blocks SIGINT, as
    the test runner may by then, passes that on to the programs it starts, and Python then never interrupts)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def test_ctrl_c_during_a_batch_reports_what_was_written(tmp_path: Path, empty_content: Path):
    arrivals = tmp_path / "arrivals"
    # Every sentence carries words of its own page, so no page repeats another.
    pages = {
        f"{number:03}.html": _page(
            f"Ministers meet for round {number} of talks",
            "Daily",
            "",
            "utf-8",
            [
                f"Envoy r{number}s{line} met delegate r{number}t{line} in hall r{number}u{line} today."
                for line in range(6)
            ],
        )
        for number in range(1000)  # a batch long enough (seconds) to be stopped midway on a busy machine
    }
    _put(arrivals, pages)
    process = subprocess.Popen(
        [sys.executable, str(REPO_ROOT / "build.py"), "ingest", str(arrivals), "--content", str(empty_content)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,  # the first line read alone: what a buffer read past it would be lost to communicate()
        preexec_fn=_as_from_a_terminal,
    )
    first = process.stdout.readline().decode()
    assert first.startswith("Ingested")
    process.send_signal(signal.SIGINT)
    rest, errors = (output.decode() for output in process.communicate(timeout=120))
    assert process.returncode == 130
    written = len(list((empty_content / "articles").iterdir()))
    assert 0 < written < len(pages)
    assert f"Interrupted while ingesting: {written} arrival(s): {written} written;" in errors
    assert (first + rest).count("Ingested ") == written
    assert "nothing was written" not in errors


def test_ctrl_c_as_an_article_is_written_finishes_that_arrival_and_reports_it(
    tmp_path: Path, empty_content: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
):
    arrivals = tmp_path / "arrivals"
    _put(arrivals, {f"{number}.txt": f"Round {number} of the talks\n\n{ENGLISH[number]}\n" for number in range(3)})
    keep, kept = review.keep, []

    def keep_after_ctrl_c(*args):
        kept.append(args)
        if len(kept) == 2:  # the second article is written: its proposals, its report are still to come
            os.kill(os.getpid(), signal.SIGINT)
        return keep(*args)

    monkeypatch.setattr(review, "keep", keep_after_ctrl_c)
    assert main(["ingest", str(arrivals), "--content", str(empty_content)]) == 130
    out, errors = capsys.readouterr()
    assert len(list((empty_content / "articles").iterdir())) == 2
    assert out.count("Ingested ") == 2
    assert "Interrupted while ingesting: 2 arrival(s): 2 written;" in errors


def test_the_ingest_benchmark_scores_pages_against_their_true_text(tmp_path: Path):
    (tmp_path / "html").mkdir()
    shutil.copyfile(ARRIVALS / "news-with-a-rhetorical-question.html", tmp_path / "html" / "tour.html")
    truth = {
        "articleBody": (ARRIVALS / "news-with-a-rhetorical-question.html").read_text(encoding="utf-8"),
        "url": "https://www.balticcourier.example/culture/kyiv-philharmonic-tour",
    }
    (tmp_path / "ground-truth.json").write_text(json.dumps({"tour": truth}), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "build.py"), "bench", "--ingest", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "| pages | 1 |" in result.stdout
    assert "| Q&A pairs made (pages) | 0 (0) |" in result.stdout
    assert "| titles with the site name (in the pages' own `<title>`) | 0 (1) |" in result.stdout


@pytest.mark.parametrize(
    ("found", "truth", "f1"),
    [("a b c d", "a b c d", 1.0), ("a b", "a b c d", 2 / 3), ("", "a b", 0.0), ("x y", "a b", 0.0)],
)
def test_token_f1(found: str, truth: str, f1: float):
    assert token_f1(found, truth) == pytest.approx(f1)


def test_a_table_is_kept_as_a_table_and_a_year_in_the_text_is_no_date(empty_content: Path):
    [outcome] = ingest_files([ARRIVALS / "table-with-a-year-in-its-text.html"], empty_content, today=TODAY)
    [loaded] = _articles(empty_content)
    article = loaded.article
    assert (
        "| Country | Aid (bn €) |\n| --- | --- |\n| United States | 20.5 |\n| Germany \\| Bund | 7.1 |" in loaded.body
    )
    assert article.published is None
    assert article.title == "Aid by country in 2024" and article.source.publisher == "Aid Tracker"


def test_a_feed_s_control_characters_are_not_written(tmp_path: Path, empty_content: Path):
    """As in any file read (the build's loader drops them, but the article file is the editor's to read)."""
    feed = tmp_path / "wire.xml"
    feed.write_text(WORDPRESS_FEED.replace("two brigades", "two\x1b brigades\x0c"), encoding="utf-8")
    [outcome] = ingest_files([feed], empty_content, today=TODAY)
    written = outcome.report.article_file.read_text(encoding="utf-8")
    assert "Warsaw promised to train two brigades of Ukrainian soldiers next year." in written
    assert "\x1b" not in written and "\\e" not in written and "\x0c" not in written


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ('<p class="autorenzeile small">Von Volkmar Kabisch und Jan Strozyk</p>', "Volkmar Kabisch, Jan Strozyk"),
        ('<span class="teaser-cat">von Andreas Kürten</span>', "Andreas Kürten"),
        ('<div class="meta"><span>Par Matthieu Hy</span></div>', "Matthieu Hy"),
        # A comment's byline is its writer's; a sentence is no byline.
        ('<div class="comments"><p>Von Anna Lis</p></div>', None),
        ("<p>By the end of the year, the pact will be ratified.</p>", None),
        # Label and names in elements of their own, which a style rule spaces apart.
        ('<div class="byline"><span>By</span><span><a href="/team/jr-stone">J.R. Stone</a></span></div>', "J.R. Stone"),
        # A piece of a line that gives the day and more, or a piece that gives the day with it.
        ('<p class="meta">By Daniel | Published: 23. Juli 2017 | Comments off</p>', "Daniel"),
        ('<p class="meta">Travel · By Cara Stiles · April 13, 2020</p>', "Cara Stiles"),
        ('<p class="meta">par Didier Roy, 21 juin 2018</p>', "Didier Roy"),
        ('<p class="meta">Posted on September 21, 2020 by Adi Tzlil</p>', "Adi Tzlil"),
        ('<p class="meta">von Anna Lis am 20.09.2020</p>', "Anna Lis"),
        # A name's particles; labels of more words.
        ('<p class="meta">By Jose de la Cruz</p>', "Jose de la Cruz"),
        ('<p class="meta">Autoren Jelko Djuren und Jutta Klaukien</p>', "Jelko Djuren, Jutta Klaukien"),
        ('<p class="meta">Ein Artikel von Pamela Sladky | 27.01.2022 - 12:45</p>', "Pamela Sladky"),
        ("<p>Von der Leyen visits Riga</p>", None),
        # A piece that is not a byline with its day: words that only begin like one.
        ('<p class="meta">By the numbers | 3 comments</p>', None),
        ('<p class="meta">Shared by Anna Lis with 3 friends</p>', None),
        ('<p class="meta">Updated 3 hours ago by Anna Lis and the desk</p>', None),
    ],
)
def test_a_byline_standing_alone_near_the_headline_names_the_authors(tmp_path: Path, byline: str, author: str | None):
    page = f"<html><head><title>Riga port deal</title></head><body><h1>Riga port deal</h1>{byline}<article>"
    page += "".join(f"<p>{paragraph}</p>" for paragraph in ENGLISH) + "</article></body></html>"
    assert read_arrival(tmp_path / "riga.html", page.encode()).front.get("author") == author


_SHARING_BUTTONS = "".join(
    f'<div class="tool {site}"><a href="https://{site}.example/share"><span class="icon-{site}"></span></a></div>'
    for site in ("facebook", "twitter", "linkedin", "email", "whatsapp", "reddit", "print") * 4
)


@pytest.mark.parametrize(
    ("between", "author"),
    [
        # Past a page's sharing buttons, each a wrapper, a link and an icon with no text (the Washington Post's).
        (_SHARING_BUTTONS, "Erin Cunningham"),
        # Not past the story's own paragraphs: a byline there is another story's, in a teaser.
        ("".join(f"<p>Paragraph {number} of the story.</p>" for number in range(25)) + _SHARING_BUTTONS, None),
    ],
    ids=["past sharing buttons", "not past paragraphs"],
)
def test_a_byline_is_looked_for_past_elements_with_no_text(tmp_path: Path, between: str, author: str | None):
    page = f"<html><head><title>Riga port deal</title></head><body><h1>Riga port deal</h1>{between}"
    page += '<div class="sig-line">By Erin Cunningham</div><article>'
    page += "".join(f"<p>{paragraph}</p>" for paragraph in ENGLISH) + "</article></body></html>"
    assert read_arrival(tmp_path / "riga.html", page.encode()).front.get("author") == author


@pytest.mark.parametrize(
    ("head", "byline", "footer", "author"),
    [
        # A login in the JSON-LD, the name as written in <meta name="author">.
        (
            '<meta name="author" content="Edilson La Rosa"><script type="application/ld+json">{"@type": "NewsArticle",'
            ' "author": {"@type": "Person", "name": "edilson.la.rosa"}}</script>',
            "",
            "",
            "Edilson La Rosa",
        ),
        (
            '<script type="application/ld+json">{"@type": "NewsArticle", "author": "anna.lis"}</script>',
            "",
            "",
            "anna.lis",
        ),
        # Who made the site, credited in the footer as its 'author'; a blog's footer naming its writer is kept.
        (
            "",
            "",
            '<footer><div class="author">Made in Riga with <a href="https://drupal.org">Drupal</a> by'
            ' <a href="https://agency.example">Agency</a></div></footer>',
            None,
        ),
        ("", "", '<footer><div class="author">Anna Lis</div></footer>', "Anna Lis"),
        (
            '<link rel="canonical" href="https://news.example/riga-port">',
            "",
            '<footer><div class="author"><a href="https://news.example/authors/anna-lis">Anna Lis</a></div></footer>',
            "Anna Lis",
        ),
        # The headline where the author would be.
        ("", '<p class="author">Riga port deal</p>', "", None),
    ],
)
def test_an_author_is_a_name_as_the_page_writes_it(
    tmp_path: Path, head: str, byline: str, footer: str, author: str | None
):
    page = f"<html><head><title>Riga port deal</title>{head}</head><body><h1>Riga port deal</h1>{byline}<article>"
    page += "".join(f"<p>{paragraph}</p>" for paragraph in ENGLISH) + f"</article>{footer}</body></html>"
    assert read_arrival(tmp_path / "riga.html", page.encode()).front.get("author") == author


@pytest.mark.parametrize(
    ("near", "published"),
    [
        ("<h1>Riga port deal</h1><p><em>10.11.2021</em></p>", date(2021, 11, 10)),
        ('<h3 class="kicker">21.01.2022</h3><h1>Riga port deal</h1>', date(2022, 1, 21)),  # above the headline
        ('<h1>Riga port deal</h1><p class="meta">Port News&nbsp;&bull;&nbsp;02.02.2022</p>', date(2022, 2, 2)),
        ("<h1>Riga port deal</h1><p>Published June 13, 2024 10:30</p>", date(2024, 6, 13)),
        # Written in the page's own language, the day perhaps with a full stop.
        ('<h1>Riga port deal</h1><p class="date">01. November 2021 | Riga</p>', date(2021, 11, 1)),
        ("<h1>Riga port deal</h1><p>Pressemitteilung vom 25. Januar 2022</p>", date(2022, 1, 25)),
        ("<h1>Riga port deal</h1><p>Mittwoch, 2. März 2022</p>", date(2022, 3, 2)),
        ("<h1>Riga port deal</h1><p>Publié le 25 janvier 2022</p>", date(2022, 1, 25)),
        ("<h1>Riga port deal</h1><p>Riga, 3 de marzo de 2022</p>", date(2022, 3, 3)),
        ("<h1>Riga port deal</h1><p>12 settembre 2023</p>", date(2023, 9, 12)),
        # A sentence that gives a date is no dateline.
        ("<h1>Riga port deal</h1><p>The port opened on 13 June 2024.</p>", None),
        # The site's logo as an <h1>, today's date beside it in the header: the headline is the other <h1>.
        (
            '<header><h1><a href="/">Port News</a></h1><p>Monday, 7 December 2026</p></header>'
            "<main><h1>Riga port deal</h1></main>",
            None,
        ),
        (
            '<header><h1><a href="/">Port News</a></h1><p>7 December 2026</p></header>'
            "<main><h1>Riga port deal</h1><p>10.11.2021</p></main>",
            date(2021, 11, 10),
        ),
    ],
)
def test_a_date_standing_alone_near_the_headline_dates_the_page(tmp_path: Path, near: str, published: date | None):
    page = f"<html><head><title>Riga port deal</title></head><body>{near}<article>"
    page += "".join(f"<p>{paragraph}</p>" for paragraph in ENGLISH) + "</article></body></html>"
    assert read_arrival(tmp_path / "riga.html", page.encode()).front.get("published") == published


@pytest.mark.parametrize(
    ("line", "day"),
    [
        # A labelled date, with another label after it.
        ("Datum: 03.11.2021 Autor: Peter Maahn/SP-X", date(2021, 11, 3)),
        # A labelled date and time, the time's zone ending in a stop.
        ("Posted: Thursday, April 21, 2022. 10:11 pm CST.", date(2022, 4, 21)),
        # A sentence, with a label before its date or not.
        ("It opened on June 13, 2024 at 10:30.", None),
        ("Update: 13 June 2024 the port opened to ships.", None),
        ("Datum: 03.11.2021 und dann ein langer Satz über den Hafen von Riga", None),
    ],
)
def test_a_labelled_date_near_the_headline_is_the_page_s_dateline(line: str, day: date | None):
    page = f"<html><head><title>Riga port deal</title></head><body><h1>Riga port deal</h1><p>{line}</p></body></html>"
    assert page_metadata(page).dateline == day


@pytest.mark.parametrize(
    ("line", "day"),
    [
        # Day first in figures, with a space after each stop and after the year, as a dateline of its own, with a
        # label or with a time.
        ("4. 2. 2022.", date(2022, 2, 4)),
        ("Objavljeno: 04. 02. 2022.", date(2022, 2, 4)),
        ("Aktualizováno 4. 2. 2022 10:15", date(2022, 2, 4)),
        ("Datum: 04.02.2022", date(2022, 2, 4)),
        # With slashes where the order is settled: a part over 12 is no month; both parts one number.
        ("13/02/2022", date(2022, 2, 13)),
        ("Updated 2/13/2022 10:30 AM", date(2022, 2, 13)),
        ("Posted on 04/04/2022", date(2022, 4, 4)),
        # Not a day: day and month with slashes from a writer who may write either first; a version number, a
        # score, a phone number; a sentence that ends with a date.
        ("12/11/2022", None),
        ("Posted on 04/02/2022", None),
        ("Version 1.2.3", None),
        ("Version 2022.12.1", None),
        ("Sparta – Slavia 3:1 (1:0), 12. kolo", None),
        ("Tél. : 01.45.67.89.12", None),
        ("Tel. +420 224 12 11 20", None),
        ("The port opened on 04.02.2022.", None),
    ],
)
def test_a_date_in_figures_is_a_dateline_where_its_order_is_settled(line: str, day: date | None):
    assert dateline_day(line) == day


@pytest.mark.parametrize(
    ("language", "day"),
    [
        ('lang="fr"', date(2022, 2, 4)),
        ('lang="en-GB"', date(2022, 2, 4)),
        ('lang="pt-BR"', date(2022, 2, 4)),
        # English alone, or declared as a publishing system declares it by default: the order is not settled.
        ('lang="en"', None),
        ('lang="en-US"', None),
        ("", None),
    ],
)
def test_a_date_in_figures_with_slashes_is_read_as_the_page_s_language_writes_it(language: str, day: date | None):
    page = (
        f"<html {language}><head><title>Riga port deal</title></head>"
        "<body><h1>Riga port deal</h1><p>04/02/2022</p></body></html>"
    )
    assert page_metadata(page).dateline == day


def test_a_date_in_a_template_near_the_headline_is_no_dateline():
    # A <template> is the markup a script copies (here a comment's), never shown as it is.
    near = '<template><p class="date">01.01.2020</p></template><p>10.11.2021</p>'
    page = f"<html><head><title>Riga port deal</title></head><body><h1>Riga port deal</h1>{near}</body></html>"
    assert page_metadata(page).dateline == date(2021, 11, 10)
