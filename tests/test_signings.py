"""Who signed with whom: the tracker proposals one news sentence gives, as a table.

Each sentence is written as the news writes it (passive voice, lists, "inked", reported speech,
what is yet to come or was refused); its expected proposals are (country, status) for each country
the sentence says signed or is negotiating an agreement with the subject. The same reading serves a
second subject, in a briefing started with `briefing new`.
"""

from __future__ import annotations

from datetime import date

import pytest

from briefing.content.load import load_settings
from briefing.content.starter import write_starter
from briefing.ingest import review
from briefing.ingest.proposals import proposals_for_article
from conftest import CONTENT, replace_in

SIGNED, NEGOTIATING = "signed", "negotiating"

# The shipped subject (Ukraine; its capital and president stand for it too).
SHIPPED_SUBJECT = {
    # Several signatories of one joint declaration are no bilateral agreements; the subject's own
    # agreements later in the sentence are, with the countries it signed them with.
    "Ukraine, Moldova and Georgia signed a joint declaration, and Ukraine signed agreements with Estonia and Latvia.": [
        ("estonia", SIGNED),
        ("latvia", SIGNED),
    ],
    "The presidents of Ukraine, Moldova and Georgia signed a joint statement on European integration in Batumi.": [],
    "Ukraine and Moldova signed a joint communique, while Ukraine and Romania signed a security agreement.": [
        ("romania", SIGNED)
    ],
    "Ukraine, Poland and Lithuania signed a trilateral security agreement in Lublin on Tuesday.": [],
    "Moldova and Georgia signed security agreements with Ukraine on Friday.": [
        ("moldova", SIGNED),
        ("georgia", SIGNED),
    ],
    # When it happened may stand between a country and its verb.
    "Norway on Friday became the latest country to sign a security agreement with Ukraine.": [("norway", SIGNED)],
    "Denmark on 13 February 2024 signed a bilateral security agreement with Ukraine.": [("denmark", SIGNED)],
    # A relative clause right after a country has it acting: its pact with a third country is not the subject's.
    "Ukraine is negotiating a security agreement with Norway, which signed a similar agreement with Sweden in 2023.": [
        ("norway", NEGOTIATING)
    ],
    "Ukraine signed a security agreement with Norway, which also signed a pact with Sweden.": [("norway", SIGNED)],
    "Ukraine is negotiating a security agreement with Norway, which signed one with Ukraine in 2023.": [
        ("norway", SIGNED)
    ],
    "Ukraine thanked Greece, which signed a security agreement with Kyiv in May.": [("greece", SIGNED)],
    # A hedge holds back the verb joined by 'and' to the one it is on; a verb joined so keeps its own list.
    "Ukraine and Norway plan to negotiate and sign a security agreement this year.": [],
    "The agreement between Ukraine and Spain is expected to be finalised and signed in June.": [],
    "Ukraine and Norway hope to finalise and sign the security agreement by June.": [],
    "Norway negotiated and signed a security agreement with Ukraine.": [("norway", SIGNED)],
    "Ukraine negotiated and signed security agreements with Norway and Spain.": [("norway", SIGNED), ("spain", SIGNED)],
    "Norway negotiated and signed a defence pact with Sweden.": [],
    "Norway negotiated with Ukraine and signed a defence pact with Sweden.": [("norway", NEGOTIATING)],
    # A drafted agreement is still negotiated; one negotiated or drafted, then said to be signed, is signed.
    "Poland and Ukraine have drafted a bilateral security agreement, Warsaw said.": [("poland", NEGOTIATING)],
    "The agreement negotiated by Norway and Ukraine was signed on Friday.": [("norway", SIGNED)],
    "A security agreement between Ukraine and Spain, negotiated in Madrid, was signed on Monday.": [("spain", SIGNED)],
    "The security agreement that Norway and Ukraine negotiated for a year was signed on Friday.": [("norway", SIGNED)],
    "The agreement drafted by Norway and Ukraine has been signed.": [("norway", SIGNED)],
    "Ukraine is negotiating with Spain; a separate agreement with Italy was signed last year.": [
        ("spain", NEGOTIATING),
        ("italy", SIGNED),
    ],
    "Ukraine and Spain are negotiating an agreement that is expected to be signed in June.": [("spain", NEGOTIATING)],
    "Talks between Ukraine and Spain continue, and no agreement has been signed.": [("spain", NEGOTIATING)],
    # 'May' the month is no hedge; 'may' is.
    "Ukraine and Canada in May signed a security agreement.": [("canada", SIGNED)],
    "Talks between Ukraine and Canada on the security agreement began in May.": [("canada", NEGOTIATING)],
    "Ukraine may sign a security agreement with Canada.": [],
    "Talks with Canada on the security agreement may conclude soon, Ukraine said.": [],
    # An agreement on what the tracker does not follow, right after it or after its list, is none of its.
    "Ukraine and Moldova signed an agreement on trade.": [],
    "Ukraine and Poland signed an agreement on grain exports.": [],
    "Ukraine and Moldova signed a memorandum on cultural cooperation.": [],
    "Ukraine signed an agreement with Slovakia on gas transit.": [],
    "Ukraine and Romania signed a memorandum of understanding on energy cooperation.": [],
    "Ukraine and Japan signed an agreement on the reconstruction of the country.": [],
    "Ukraine and Moldova signed an agreement on security and trade.": [("moldova", SIGNED)],
    # What an agreement is to set up is what it is on.
    "Ukraine and the United States signed a deal to establish a reconstruction investment fund.": [],
    "Ukraine signed an agreement with Japan to set up a joint investment fund.": [],
    "Ukraine and Canada signed an agreement to establish a long-term security partnership.": [("canada", SIGNED)],
    "Ukraine signed a security agreement with Spain to set up a framework for military aid.": [("spain", SIGNED)],
    "Ukraine signed a security agreement with Poland on Monday.": [("poland", SIGNED)],
    # A country that acts with a union or a group, where the subject is only named beside it, acts not with the subject.
    "Like Ukraine, Georgia is negotiating a security pact with the EU.": [],
    "Following Ukraine's example, Moldova signed a security and defence partnership with the European Union.": [],
    "Norway signed a security agreement with allies, including Ukraine.": [("norway", SIGNED)],
    "Moldova signed agreements with the European Union and Ukraine on Friday.": [("moldova", SIGNED)],
    # A compound of two other countries names an agreement between them, whoever attends its signing.
    "Ukraine's ambassador attended the signing of the Japan-Philippines agreement.": [],
    "Ukraine welcomed the agreement between Poland and Lithuania that was signed on Monday.": [],
    # A country's possessive names a party to the agreement it is before.
    "Croatia's security agreement with Ukraine was signed on Wednesday.": [("croatia", SIGNED)],
    "The Netherlands' security agreement with Ukraine was signed on March 1.": [("netherlands", SIGNED)],
    "Spain's agreement with Ukraine, signed in May, includes air defence.": [("spain", SIGNED)],
    "Hungary's gas agreement with Ukraine was signed in 2015.": [],
    "Hungary's security agreement with Ukraine has not been signed.": [],
    # An actor of a country stands where the country does, in a list or acting.
    "The agreement was signed by President Zelensky and Prime Minister Jonas Gahr Støre of Norway.": [
        ("norway", SIGNED)
    ],
    "The agreement was signed by the Prime Minister of Belgium and the President of Ukraine.": [("belgium", SIGNED)],
    "Zelensky signed the agreement with the Prime Minister of Japan, Fumio Kishida.": [("japan", SIGNED)],
    "Zelensky and the President of Finland signed a bilateral security agreement in Kyiv.": [("finland", SIGNED)],
    "At a summit hosted by the President of Lithuania, Ukraine signed an agreement with Japan.": [("japan", SIGNED)],
    # An agreement a country is close to or nearing, or whose text it initialled, is still negotiated.
    "Ukraine initialled a security agreement with Norway on Thursday.": [("norway", NEGOTIATING)],
    "Ukraine is close to a security agreement with Hungary, officials said.": [("hungary", NEGOTIATING)],
    "Ukraine and Portugal are nearing a bilateral security agreement.": [("portugal", NEGOTIATING)],
    # A place, a host or a comparison is no counterpart.
    "Zelensky signed security agreements with Estonia and Latvia on the sidelines of a summit in Lithuania.": [
        ("estonia", SIGNED),
        ("latvia", SIGNED),
    ],
    "Ukraine signed a security agreement with Spain in Madrid, as Italy did last year.": [("spain", SIGNED)],
    "Ukraine signed an agreement with Poland on the sidelines of a summit in Spain.": [("poland", SIGNED)],
    "Ukraine signed a security agreement with Greece in Vilnius, at the NATO summit hosted by Lithuania.": [
        ("greece", SIGNED)
    ],
    "As Britain did in January, Ukraine and Italy signed a security agreement on Saturday.": [("italy", SIGNED)],
    "Unlike Hungary, Slovakia signed a security agreement with Ukraine.": [("slovakia", SIGNED)],
    "Finland's president and Zelensky signed a security agreement in Kyiv, where Sweden's prime minister was also visiting.": [
        ("finland", SIGNED)
    ],
    # Signings between other countries in the same sentence are not the subject's.
    "Ukraine signed security agreements with Estonia and Latvia, and Moldova signed a similar pact with Romania.": [
        ("estonia", SIGNED),
        ("latvia", SIGNED),
    ],
    "Ukraine and Albania signed a security agreement in Tirana, weeks after Montenegro signed a defence pact with Serbia.": [
        ("albania", SIGNED)
    ],
    "Poland and Lithuania signed a similar agreement in 2010, long before Ukraine.": [],
    # A phrase has one list of counterparts: a later 'with' is another noun's.
    "Ukraine signed a security agreement with Spain amid tensions with Hungary.": [("spain", SIGNED)],
    # Passive voice, "inked", "concluded", the agreement's own list of countries.
    "The security agreement between Ukraine and Norway was signed in Oslo.": [("norway", SIGNED)],
    "A security pact was signed by Ukraine and Finland in Helsinki.": [("finland", SIGNED)],
    "The agreement with Ukraine was signed by Air Marshal Richard Knighton on behalf of the UK Ministry of Defence.": [
        ("united-kingdom", SIGNED)
    ],
    "Spain and Italy had signed a similar agreement, followed by Ukraine and Poland signing one in May.": [
        ("poland", SIGNED)
    ],
    "Security agreements with Ukraine were signed by Norway, Iceland and Denmark on Thursday.": [
        ("norway", SIGNED),
        ("iceland", SIGNED),
        ("denmark", SIGNED),
    ],
    "Ukraine's security agreement with Poland was signed in Warsaw.": [("poland", SIGNED)],
    "The agreement with Japan, which Ukraine signed in June, runs for ten years.": [("japan", SIGNED)],
    "Ukraine inked a ten-year security pact with Denmark on Friday.": [("denmark", SIGNED)],
    "Ukraine and the United States inked a 10-year security agreement at the G7 summit in Italy.": [
        ("united-states", SIGNED)
    ],
    "Ukraine and the Netherlands concluded a security agreement in Kharkiv.": [("netherlands", SIGNED)],
    "Ukraine concluded talks with Belgium on a security agreement.": [("belgium", NEGOTIATING)],
    # A passive phrase reads with its subject: talks concluded are negotiated; an agreement concluded is signed.
    "Negotiations between Ukraine and Canada on a security agreement have been concluded.": [("canada", NEGOTIATING)],
    "Talks between Ukraine and Norway on a bilateral security agreement were concluded on Friday, the ministry said.": [
        ("norway", NEGOTIATING)
    ],
    "Zelensky said negotiations with Norway on the security agreement had been concluded.": [("norway", NEGOTIATING)],
    "Ukraine's talks with Norway on the security agreement have been extended.": [("norway", NEGOTIATING)],
    "Ukraine's talks with Canada on the agreement concluded in May.": [("canada", NEGOTIATING)],
    "The security agreement between Ukraine and Norway was formally concluded on Friday.": [("norway", SIGNED)],
    "After months of talks, the security agreement between Ukraine and Norway was concluded on Friday.": [
        ("norway", SIGNED)
    ],
    "The agreement reached in talks between Norway and Ukraine was signed on Friday.": [("norway", SIGNED)],
    "Talks between Ukraine and Norway took a year and the security agreement was signed on Friday.": [
        ("norway", SIGNED)
    ],
    "Negotiations were concluded and the security agreement between Ukraine and Norway was signed on Friday.": [
        ("norway", SIGNED)
    ],
    "The security agreement, negotiated in talks between Ukraine and Norway, was concluded on Friday.": [
        ("norway", SIGNED)
    ],
    "Ukraine and Finland conclude security agreement.": [("finland", SIGNED)],
    "Ukraine and Estonia sealed a 10-year security pact in Brussels.": [("estonia", SIGNED)],
    "Ukraine and Lithuania struck a security deal on Wednesday.": [("lithuania", SIGNED)],
    "Russia struck an energy facility hours after Ukraine and Spain signed a security agreement.": [("spain", SIGNED)],
    "The security agreement between Ukraine and Belgium, signed on 28 May, covers ten years.": [("belgium", SIGNED)],
    "The pact between Ukraine and Chile, signed in 2008, expired in 2018.": [],
    "Ukraine is holding consultations with Bulgaria on a security agreement.": [("bulgaria", NEGOTIATING)],
    "Ukraine negotiated a security agreement with Moldova.": [("moldova", NEGOTIATING)],
    # 'It', passive, in a clause after one naming the agreement, is that agreement: its parties take the later status.
    "Talks between Ukraine and Canada on the agreement concluded in May, and it was signed in June.": [
        ("canada", SIGNED)
    ],
    "Ukraine negotiated the security agreement with Norway for months, and it was signed on Thursday.": [
        ("norway", SIGNED)
    ],
    "Ukraine's security pact with Sweden was negotiated over the winter, and it was finally signed in Stockholm.": [
        ("sweden", SIGNED)
    ],
    "Ukraine negotiated the security agreement with Norway for months, and it will be signed on Thursday.": [
        ("norway", NEGOTIATING)
    ],
    "Ukraine negotiated the security agreement with Norway for months, but it has not been signed.": [
        ("norway", NEGOTIATING)
    ],
    "Talks between Ukraine and Canada on the agreement concluded in May, and a joint statement was signed in June.": [
        ("canada", NEGOTIATING)
    ],
    "Ukraine's gas deal with Hungary was negotiated last year, and it was signed in March.": [],
    # A verb joined by 'and' with no subject of its own shares the one before's; where the sentence states both
    # statuses for one country, the signing stands, before or after the talks.
    "Ukraine and Norway finalised the text of the agreement on Monday and signed it on Wednesday.": [
        ("norway", SIGNED)
    ],
    "Ukraine and Spain negotiated a security agreement for months and signed it in Madrid on Monday.": [
        ("spain", SIGNED)
    ],
    "Ukraine initialled a security agreement with Canada in May and signed it in June.": [("canada", SIGNED)],
    "Norway and Ukraine negotiated and signed the security agreement within a month.": [("norway", SIGNED)],
    "Ukraine and Norway finalised the text of the security agreement in May, and signed it in June.": [
        ("norway", SIGNED)
    ],
    "Ukraine negotiated a security agreement with Norway in 2023 and formally signed it in Oslo in 2024.": [
        ("norway", SIGNED)
    ],
    "Ukraine negotiated the security agreement with Norway for a year, and Norway signed it on Friday.": [
        ("norway", SIGNED)
    ],
    "Spain, which signed a security agreement with Ukraine in 2024, is negotiating a new one.": [("spain", SIGNED)],
    "Ukraine and Norway signed a security agreement in 2024 and negotiated its extension this year.": [
        ("norway", SIGNED)
    ],
    "Spain signed a security agreement with Ukraine in 2024, and Spain is now negotiating a new one with Ukraine.": [
        ("spain", SIGNED)
    ],
    "Ukraine negotiated a security agreement with Norway, and Norway signed a defence pact with Sweden.": [
        ("norway", NEGOTIATING)
    ],
    "Ukraine and Norway finalised the text of the agreement on Monday and will sign it on Wednesday.": [
        ("norway", NEGOTIATING)
    ],
    "Ukraine and Norway are negotiating a security agreement and hope to sign it in June.": [("norway", NEGOTIATING)],
    "Ukraine negotiated the security agreement with Norway for a year, but Norway has not signed it.": [
        ("norway", NEGOTIATING)
    ],
    "Ukraine and Norway negotiated the security agreement for a year and then initialled it.": [
        ("norway", NEGOTIATING)
    ],
    "Ukraine and Norway negotiated a security agreement and signed a joint declaration.": [("norway", NEGOTIATING)],
    "Ukraine negotiated a security agreement with Norway and signed a gas transit deal with Slovakia.": [
        ("norway", NEGOTIATING)
    ],
    "Ukraine negotiated a security agreement with Norway and signed one with Denmark.": [
        ("norway", NEGOTIATING),
        ("denmark", SIGNED),
    ],
    "Ukraine and Norway finalised the text of the security agreement, and signing is expected in June.": [
        ("norway", NEGOTIATING)
    ],
    "Ukraine signed a security agreement with Spain in 2024, and talks with Norway continue.": [
        ("spain", SIGNED),
        ("norway", NEGOTIATING),
    ],
    # A signing that talks are about is the talks' status, hedged where they are.
    "Ukraine and Portugal held talks on signing a security agreement.": [("portugal", NEGOTIATING)],
    "Ukraine and Portugal will begin negotiations on signing a security agreement.": [],
    # An agreement being finalised, drafted or worked on is still being negotiated; one finalised is signed.
    "Ukraine and Ireland are finalising a security agreement.": [("ireland", NEGOTIATING)],
    "Ukraine has begun drafting a security agreement with Ireland.": [("ireland", NEGOTIATING)],
    "Ukraine is working on a security agreement with Ireland.": [("ireland", NEGOTIATING)],
    "Ukraine is collaborating with Ireland on drafting a security agreement.": [("ireland", NEGOTIATING)],
    "Ukraine agreed with Ireland on signing a security agreement next week.": [],
    "Ukraine and Ireland finalised a security agreement.": [("ireland", SIGNED)],
    # An agreement whose text or draft is finalised or agreed is still negotiated; a text signed is signed.
    "Ukraine and Canada finalised the text of the security agreement on Tuesday.": [("canada", NEGOTIATING)],
    "Ukraine has finalized the text of a bilateral security agreement with Ireland, Zelenskiy said.": [
        ("ireland", NEGOTIATING)
    ],
    "Ukraine and Portugal agreed the draft of the security agreement.": [("portugal", NEGOTIATING)],
    "Ukraine and Canada signed the text of the security agreement on Tuesday.": [("canada", SIGNED)],
    "Ukraine and Canada will finalise the text of the security agreement next week.": [],
    "Ukraine and Canada finalised the text of a joint declaration.": [],
    # So is a text or draft finalised, in the passive: its subject names what was finalised.
    "The text of the agreement between Ukraine and Norway was finalised on Monday.": [("norway", NEGOTIATING)],
    "The text of the security agreement between Ukraine and Ireland has been finalized, Zelenskiy said.": [
        ("ireland", NEGOTIATING)
    ],
    "The draft of Ukraine's security agreement with Spain was finalised last week.": [("spain", NEGOTIATING)],
    "The draft security agreement between Ukraine and Norway was finalised on Monday.": [("norway", NEGOTIATING)],
    "Ukraine said the text of the security agreement with Norway had been finalised.": [("norway", NEGOTIATING)],
    "The agreement between Ukraine and Norway was finalised on Monday.": [("norway", SIGNED)],
    "The draft of the security agreement between Ukraine and Norway was signed on Monday.": [("norway", SIGNED)],
    "After weeks of work on the text, the agreement between Ukraine and Norway was finalised on Monday.": [
        ("norway", SIGNED)
    ],
    "The text of the security agreement between Ukraine and Norway has not been finalised.": [],
    "The text of the agreement between Ukraine and Norway will be finalised next week.": [],
    # A compound of two countries (hyphen, en dash, adjectives) names an agreement's parties.
    "Prime Minister Rishi Sunak signed the UK-Ukraine Agreement on Security Co-operation in Kyiv.": [
        ("united-kingdom", SIGNED)
    ],
    "The Canada–Ukraine security agreement was signed on Saturday.": [("canada", SIGNED)],
    "The Ukrainian-Latvian security agreement was signed in Kyiv.": [("latvia", SIGNED)],
    "Ukraine has yet to sign the Ukraine-Hungary agreement.": [],
    "Polish-Ukrainian relations soured before the security agreement with Spain was signed.": [("spain", SIGNED)],
    # The two leaders: the subject and the one other country the sentence names.
    "Zelensky met Portuguese Prime Minister Luís Montenegro in Brussels, and the two leaders signed a security agreement.": [
        ("portugal", SIGNED)
    ],
    "Zelensky and Danish Prime Minister Mette Frederiksen signed the agreement in Copenhagen.": [("denmark", SIGNED)],
    "Ukraine's president signed a security agreement with Dutch Prime Minister Mark Rutte in Kharkiv.": [
        ("netherlands", SIGNED)
    ],
    # A person of entities.yaml whose role is a country's office acts for it; a former holder does not.
    "Macron and Zelensky signed a security agreement in Paris.": [("france", SIGNED)],
    "Merkel and Zelensky signed an agreement in Berlin.": [],
    # A person named after a country's possessive acts for it.
    "Italy's Meloni and Zelensky signed a security agreement in Kyiv.": [("italy", SIGNED)],
    "Zelensky and Britain's Keir Starmer signed a 100-year partnership agreement.": [("united-kingdom", SIGNED)],
    # A union named in a list of counterparts is no country, and the list goes on past it.
    "Ukraine signed security agreements with the EU, Canada and Japan.": [("canada", SIGNED), ("japan", SIGNED)],
    "Ukraine signed a security agreement with the European Union and Moldova.": [("moldova", SIGNED)],
    # Lists of counterparts, and talks beside signings.
    "Ukraine has signed bilateral security agreements with the United Kingdom, Germany, France, Denmark and Canada.": [
        ("united-kingdom", SIGNED),
        ("germany", SIGNED),
        ("france", SIGNED),
        ("denmark", SIGNED),
        ("canada", SIGNED),
    ],
    "Ukraine has signed similar agreements with Britain, France and Germany, and talks with Poland are under way.": [
        ("united-kingdom", SIGNED),
        ("france", SIGNED),
        ("germany", SIGNED),
        ("poland", NEGOTIATING),
    ],
    "Ukraine is negotiating a security agreement with Romania.": [("romania", NEGOTIATING)],
    "Talks between Ukraine and Switzerland on a security agreement began in March.": [("switzerland", NEGOTIATING)],
    "Ukraine signed a security agreement with France but not with Hungary.": [("france", SIGNED)],
    # Examples of the agreements' parties, after the agreements; individual states in a list.
    "Ukraine's partners have signed similar agreements, including Spain and Italy.": [
        ("spain", SIGNED),
        ("italy", SIGNED),
    ],
    "Ukraine has signed security agreements with the EU and 19 individual states, including Spain and Italy.": [
        ("spain", SIGNED),
        ("italy", SIGNED),
    ],
    # A signing verb signs what it makes, a few words on.
    "Ukraine has made security agreements with Spain and Italy.": [("spain", SIGNED), ("italy", SIGNED)],
    "Ukraine has entered into a treaty-level security agreement with Spain.": [("spain", SIGNED)],
    "Spain made a donation to Ukraine under the security agreement.": [],
    "Ukraine signed a security agreement with Japan; South Korea has yet to sign one.": [("japan", SIGNED)],
    # Reported speech states what was said to be done.
    "Zelensky said Ukraine had signed a security agreement with Belgium.": [("belgium", SIGNED)],
    "Ukraine and Sweden signed the agreement, the Swedish foreign ministry said.": [("sweden", SIGNED)],
    "Iceland signed a security agreement with Ukraine, its prime minister said on Friday.": [("iceland", SIGNED)],
    "The United Kingdom signed a security agreement with Ukraine in January, making it the first country to do so.": [
        ("united-kingdom", SIGNED)
    ],
    # Two lists of one agreement word, each its own pair; a country after a bare comma is no part of the list
    # before it.
    "Security agreements between Ukraine and Canada and between Ukraine and Italy were signed on Friday.": [
        ("canada", SIGNED),
        ("italy", SIGNED),
    ],
    "Agreements between Poland and Canada and between Ukraine and Italy were signed in Rome.": [("italy", SIGNED)],
    "In addition to the agreement with France, Ukraine has also formalized a security agreement with Germany.": [
        ("germany", SIGNED)
    ],
    # An ending or a 'with' in a clause of its own is about something else.
    "Ukraine signed a security agreement with Spain, replacing the pact that expired in 2020.": [("spain", SIGNED)],
    "Ukraine signed a new security agreement with Spain after the old one lapsed.": [("spain", SIGNED)],
    "Ukraine and Spain signed a security agreement after Italy suspended talks.": [("spain", SIGNED)],
    "Ukraine signed a security agreement with Spain; Italy hosted a dinner with Portugal.": [("spain", SIGNED)],
    "Ukraine signed a security agreement with Spain (Italy met with Portugal).": [("spain", SIGNED)],
    "Ukraine signed a security agreement with Spain; the 2008 deal with Italy lapsed.": [("spain", SIGNED)],
    # A capital stands for its country's government, but not as a place, in a longer name or naming the talks.
    "Kyiv and Paris signed a security agreement on Friday.": [("france", SIGNED)],
    "London and Kyiv signed a ten-year security pact.": [("united-kingdom", SIGNED)],
    "Washington and Kyiv are negotiating a security agreement.": [("united-states", NEGOTIATING)],
    "Ukraine and Germany signed a security agreement at a summit in Paris.": [("germany", SIGNED)],
    "Zelensky met the Danish prime minister in Paris, and the two leaders signed a security agreement.": [
        ("denmark", SIGNED)
    ],
    "The Washington Post said Zelensky met the Swedish prime minister, and the two leaders signed a security pact.": [
        ("sweden", SIGNED)
    ],
    "Ukraine and Poland resumed the Vienna talks on a security agreement.": [("poland", NEGOTIATING)],
    "Ukraine's Shakhtar Donetsk signed a deal with Real Madrid.": [],
    "In June Paris and Kyiv signed a security agreement.": [("france", SIGNED)],
    # A declaration signed together is no agreement, whoever stands along.
    "Ukraine, along with Moldova, signed a joint declaration with Romania.": [],
    "Ukraine, along with Moldova, signed a security agreement with Romania.": [("romania", SIGNED)],
    # An agreement agreed or reached, still being finalised, prepared or hashed out, is negotiated, not signed.
    "The security agreement between Ukraine and Spain is still being finalised.": [("spain", NEGOTIATING)],
    # An agreement's list a few words after it, set off by commas before its verb.
    "Zelensky said agreements on security cooperation with seven countries, including Spain, are being prepared.": [
        ("spain", NEGOTIATING)
    ],
    "Ukraine's agreement on grain exports with Turkey was signed in Istanbul.": [],
    "Ukraine and Albania agreed a security cooperation agreement; it will be signed next week.": [
        ("albania", NEGOTIATING)
    ],
    "Ukraine reached a security agreement with Japan.": [("japan", NEGOTIATING)],
    "Ukraine and Spain have been hashing out the security agreement since February.": [("spain", NEGOTIATING)],
    # A leader named after the country's name acts for it; two adjectives may share the word for their actors.
    "US President Joe Biden and Ukrainian President Volodymyr Zelenskyy signed a 10-year security agreement.": [
        ("united-states", SIGNED)
    ],
    "The American and Ukrainian sides held two rounds of negotiations on the security agreement.": [
        ("united-states", NEGOTIATING)
    ],
    "The agreement was signed by Saudi Crown Prince Mohammed bin Salman and Zelensky in Riyadh.": [
        ("saudi-arabia", SIGNED)
    ],
    # A list closed by 'and' ends at the comma after it; a colon may open one; 'a number of countries' is part of
    # one; a comma before a list with no phrase has its countries acting; a document in an aside is not the one.
    "While Kyiv has signed security agreements with Spain and Italy, Warsaw has a defence pact with Washington.": [
        ("spain", SIGNED),
        ("italy", SIGNED),
    ],
    "Ukraine has already concluded four security agreements: with Britain, Germany, France and Denmark.": [
        ("united-kingdom", SIGNED),
        ("germany", SIGNED),
        ("france", SIGNED),
        ("denmark", SIGNED),
    ],
    "Security agreements have been concluded between Ukraine and a number of countries, including Spain and Italy.": [
        ("spain", SIGNED),
        ("italy", SIGNED),
    ],
    "To strengthen cooperation between the two nations, Ukraine and Spain on Monday signed a security agreement.": [
        ("spain", SIGNED)
    ],
    "Bilateral agreements, based on the provisions of this declaration, have been concluded between Ukraine and Spain.": [
        ("spain", SIGNED)
    ],
    # Negations, refusals and what is yet to come: nothing.
    "Ukraine has yet to sign a security agreement with Hungary.": [],
    "Slovakia refused to sign a security pact with Ukraine.": [],
    "Poland has not signed a security pact with Ukraine, contrary to earlier reports.": [],
    "Ukraine and Spain will sign a security agreement in Madrid on Monday.": [],
    "Ukraine will sign a security agreement with Ireland next week, Zelensky said.": [],
    "Zelensky said Ukraine would sign a security agreement with Romania soon.": [],
    "Romania has yet to sign a security agreement with Ukraine, unlike Poland.": [],
    "Bulgaria, which has yet to sign a security agreement with Ukraine, sent a delegation to Kyiv.": [],
    "No security agreement has been signed between Ukraine and Serbia.": [],
}

# A second subject, started with `briefing new`: nothing is tied to the shipped one.
SECOND_SUBJECT = {
    # A counterpart is a country's actor, as a minister is.
    "Moldova's defence minister and his Polish counterpart signed a military cooperation agreement.": [
        ("poland", SIGNED)
    ],
    "Lithuania on Thursday signed a defence cooperation agreement with Moldova.": [("lithuania", SIGNED)],
    "Romania's defence agreement with Moldova was ratified by parliament.": [("romania", SIGNED)],
    "Moldova, Ukraine and Georgia signed a joint declaration, and Moldova signed agreements with Romania and Poland.": [
        ("romania", SIGNED),
        ("poland", SIGNED),
    ],
    "Maia Sandu and French President Emmanuel Macron signed a defence cooperation agreement in Paris.": [
        ("france", SIGNED)
    ],
    "Chisinau has yet to sign a defence pact with Ukraine.": [],
    "Moldova inked a security agreement with Lithuania on the sidelines of a summit in Spain.": [("lithuania", SIGNED)],
    "The defence agreement between Moldova and Estonia was signed in Tallinn.": [("estonia", SIGNED)],
    "Moldova and Latvia will sign a defence agreement in Riga.": [],
    "Romania and Moldova are negotiating a defence pact.": [("romania", NEGOTIATING)],
    "Talks between Moldova and Romania on a defence pact were concluded on Friday.": [("romania", NEGOTIATING)],
    "The text of the defence agreement between Moldova and Estonia was finalised in Tallinn.": [
        ("estonia", NEGOTIATING)
    ],
    "Moldova negotiated the defence agreement with Romania for a year, and it was signed in Bucharest.": [
        ("romania", SIGNED)
    ],
    "Moldova signed a defence agreement with Germany, as Ukraine did last year.": [("germany", SIGNED)],
    "Moldova and Estonia negotiated a defence agreement for a year and signed it in Tallinn.": [("estonia", SIGNED)],
    "Ukraine signed a security agreement with Latvia on Thursday.": [],
    "Sandu said Moldova had concluded a security pact with Austria.": [("austria", SIGNED)],
    "Moldova signed security agreements with Estonia and Latvia, and Ukraine signed a similar pact with Finland.": [
        ("estonia", SIGNED),
        ("latvia", SIGNED),
    ],
    # Its capital, as the country data gives it, with no subject_names for it.
    "Chisinau and Bucharest signed a defence agreement.": [("romania", SIGNED)],
    "Chisinau signed a defence pact with Warsaw at a summit in Vilnius.": [("poland", SIGNED)],
    "Defence agreements between Moldova and Romania and between Moldova and Poland were signed in Warsaw.": [
        ("romania", SIGNED),
        ("poland", SIGNED),
    ],
    "Sandu signed a defence agreement in Kyiv.": [],
    "Moldovan and Romanian defence ministers signed a defence cooperation agreement in Chisinau.": [
        ("romania", SIGNED)
    ],
}


@pytest.fixture(scope="module")
def shipped_finder():
    return review.country_finder(CONTENT, load_settings(CONTENT, []))


@pytest.fixture(scope="module")
def second_finder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("second") / "moldova"
    write_starter(folder, "Defence pacts of Moldova")
    content = folder / "content"
    replace_in(content / "site.yaml", "# subject_country: Chile", "subject_country: Moldova")
    (content / "tracker.yaml").write_text("subject_names: [Sandu, Maia Sandu]\n", encoding="utf-8")
    return review.country_finder(content, load_settings(content, []))


def proposals(finder, sentence: str) -> list[tuple[str, str]]:
    return [(s.country.slug, s.status) for s in finder.statements(sentence)]


@pytest.mark.parametrize("sentence", list(SHIPPED_SUBJECT))
def test_who_signed_with_the_shipped_subject(shipped_finder, sentence: str):
    assert proposals(shipped_finder, sentence) == SHIPPED_SUBJECT[sentence]


@pytest.mark.parametrize("sentence", list(SECOND_SUBJECT))
def test_who_signed_with_a_second_subject(second_finder, sentence: str):
    assert proposals(second_finder, sentence) == SECOND_SUBJECT[sentence]


def test_the_second_subject_is_the_one_its_briefing_names(second_finder):
    assert second_finder.subject == "MD"


def test_a_briefing_s_own_denials_keep_the_default_conditions(tmp_path):
    """Conditions were once filed under 'denials': a briefing that set its own denials lost them."""
    write_starter(tmp_path / "own", "Defence pacts of Moldova")
    content = tmp_path / "own" / "content"
    replace_in(content / "site.yaml", "# subject_country: Chile", "subject_country: Moldova")
    (content / "tracker.yaml").write_text("denials: [denied, rejected]\n", encoding="utf-8")
    finder = review.country_finder(content, load_settings(content, []))
    assert proposals(finder, "If Romania signs a security agreement with Moldova, others will follow.") == []
    assert proposals(finder, "Moldova rejected that Romania had signed a security agreement with it.") == []
    assert proposals(finder, "Romania signed a security agreement with Moldova.") == [("romania", SIGNED)]


# 'The two leaders' after a sentence that names the subject and one other country: what they did is that
# country's, cited by the sentence that says it.
PAIRED_PARAGRAPHS = {
    "Zelensky met Portuguese Prime Minister Luís Montenegro in Brussels on Tuesday. The two leaders signed a"
    " ten-year security agreement.": [("portugal", SIGNED, "The two leaders signed a ten-year security agreement.")],
    "Zelensky met Spain's prime minister in Madrid. The two sides are negotiating a security agreement.": [
        ("spain", NEGOTIATING, "The two sides are negotiating a security agreement.")
    ],
    # Three countries before: 'the two leaders' are not known.
    "Zelensky met the prime ministers of Spain and Portugal in Madrid. The two leaders signed an agreement.": [],
    "Zelensky met Spain's prime minister. The two sides will sign a security agreement next month.": [],
    "Zelensky met Spain's prime minister. The two leaders signed a joint declaration.": [],
    # Said in the sentence before already.
    "Ukraine signed a security agreement with Norway on Monday. The two countries also signed a memorandum.": [
        ("norway", SIGNED, "Ukraine signed a security agreement with Norway on Monday.")
    ],
}


@pytest.mark.parametrize("paragraph", list(PAIRED_PARAGRAPHS))
def test_the_two_leaders_are_those_the_sentence_before_names(shipped_finder, paragraph: str):
    found = proposals_for_article("a", [paragraph], shipped_finder, {}, set())
    assert [(p.country, p.status, p.sentence) for p in found] == PAIRED_PARAGRAPHS[paragraph]


# A leader the article names once with the country and office ('German Chancellor Olaf Scholz') acts for it where
# it names him by his name alone, in any of its paragraphs; a former holder, or one of a plural, does not.
NAMED_ONCE_WITH_THE_COUNTRY = {
    (
        "German Chancellor Olaf Scholz hosted Ukrainian President Volodymyr Zelensky in Berlin on Friday.",
        "Chancellor Olaf Scholz and President Zelensky signed the agreement in Berlin.",
    ): [("germany", SIGNED)],
    (
        "U.S. President Joe Biden met Zelenskiy on the sidelines of the Group of Seven summit in southern Italy.",
        "Biden and Zelenskiy signed a 10-year bilateral security agreement on Thursday.",
    ): [("united-states", SIGNED)],
    (
        "British Prime Minister Rishi Sunak arrived in Kyiv on Friday on an unannounced visit.",
        "Prime Minister Rishi Sunak signed the agreement in Kyiv alongside President Zelenskyy.",
    ): [("united-kingdom", SIGNED)],
    (
        "Zelensky met Prime Minister Justin Trudeau of Canada in Kyiv. Trudeau and Zelensky signed a security"
        " agreement on Saturday.",
    ): [("canada", SIGNED)],
    ("Italy's Prime Minister Giorgia Meloni flew to Kyiv.", "Meloni and Zelensky signed a security agreement."): [
        ("italy", SIGNED)
    ],
    ("Chancellor Olaf Scholz and President Zelensky signed the agreement in Berlin.",): [],
    (
        "Former German Chancellor Angela Merkel was in Berlin on Friday.",
        "Merkel and Zelensky signed an agreement in Berlin.",
    ): [],
    (
        "Danish and Swedish prime ministers Mette Frederiksen and Ulf Kristersson met Zelensky in Stockholm.",
        "Frederiksen and Zelensky signed a security agreement.",
    ): [],
    (
        "German Chancellor Olaf Scholz met Zelensky in Berlin.",
        "Scholz will sign a security agreement with Zelensky next month.",
    ): [],
}


@pytest.mark.parametrize("paragraphs", list(NAMED_ONCE_WITH_THE_COUNTRY))
def test_a_leader_named_once_with_the_country_acts_for_it(shipped_finder, paragraphs: tuple[str, ...]):
    found = proposals_for_article("a", paragraphs, shipped_finder, {}, set())
    assert [(p.country, p.status) for p in found] == NAMED_ONCE_WITH_THE_COUNTRY[paragraphs]


def test_a_leader_named_in_one_article_is_unknown_in_the_next(shipped_finder):
    proposals_for_article("a", ["German Chancellor Olaf Scholz met Zelensky in Berlin."], shipped_finder, {}, set())
    later = "Chancellor Olaf Scholz and President Zelensky signed the agreement in Berlin."
    assert proposals_for_article("b", [later], shipped_finder, {}, set()) == []


# A compound written with a non-breaking hyphen (U+2011) or the hyphen U+2010, as some sites' systems write it:
# read as with ASCII's, quoted as written.
OTHER_HYPHENS = {
    "Prime Minister Rishi Sunak signed the UK\u2011Ukraine Agreement on Security Co\u2011operation in Kyiv.": (
        "united-kingdom",
        SIGNED,
    ),
    "The Ukrainian\u2010Latvian security agreement was signed in Kyiv.": ("latvia", SIGNED),
}


@pytest.mark.parametrize("sentence", list(OTHER_HYPHENS))
def test_a_compound_written_with_another_hyphen_is_read_as_with_ascii_s(shipped_finder, sentence: str):
    found = proposals_for_article("a", [sentence], shipped_finder, {}, set())
    assert [(p.country, p.status, p.sentence) for p in found] == [(*OTHER_HYPHENS[sentence], sentence)]


# The day a sentence gives without its year, or as a weekday, read against the article's day (a Friday).
REPORTED_DAYS = {
    "Ukraine and Japan signed a security agreement on Thursday.": date(2024, 6, 13),
    "Ukraine and Japan signed a security agreement on Friday.": date(2024, 6, 14),
    "Ukraine and Japan signed a security agreement on 13 June.": date(2024, 6, 13),
    "Ukraine and Japan signed a security agreement on December 20.": date(2023, 12, 20),  # the year before
    "Ukraine and Japan signed a security agreement on 13 June 2023.": date(2023, 6, 13),
    "Ukraine and Japan signed a security agreement in June.": None,
}


@pytest.mark.parametrize("sentence", list(REPORTED_DAYS))
def test_a_proposal_s_day_without_a_year_is_read_against_the_article_s(shipped_finder, sentence: str):
    found = proposals_for_article("a", [sentence], shipped_finder, {}, set(), published=date(2024, 6, 14))
    assert [(p.country, p.date) for p in found] == [("japan", REPORTED_DAYS[sentence])]


def test_the_subject_s_leader_in_entities_yaml_stands_for_it(tmp_path):
    write_starter(tmp_path / "own", "Defence pacts of Moldova")
    content = tmp_path / "own" / "content"
    replace_in(content / "site.yaml", "# subject_country: Chile", "subject_country: Moldova")
    sandu = (
        "people:\n  - slug: maia-sandu\n    name: Maia Sandu\n    role: President of Moldova\n    aliases: [Sandu]\n"
    )
    replace_in(content / "entities.yaml", "people: []\n", sandu)
    finder = review.country_finder(content, load_settings(content, []))
    assert proposals(finder, "Sandu signed a defence cooperation agreement with Romania.") == [("romania", SIGNED)]
