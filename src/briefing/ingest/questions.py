"""Question-and-answer pairs, only where the article is built of them.

A question in a news story (rhetorical, or put to someone interviewed) is part of the
story and stays in its body. Pairs come from real Q&A structure only: question
headings each followed by their answer, every heading from the first question on a
question; or, in plain text that has no headings, several question lines in a row,
each followed by a short answer. Questions put to a person ('Q: …', 'you', 'your', or the same words of another language:
'Frage 1: …', 'Sie', 'vous') make an interview, which stays in the body.
"""

from __future__ import annotations

import re

QUESTION_MAX_LENGTH = 250
# Question headings: at least this many, and no heading after the first question that is not one.
MIN_QUESTION_HEADINGS = 2
# Question lines in plain text: at least this many in a row, each answered in at most a few paragraphs.
MIN_QUESTIONS_IN_A_ROW = 3
ANSWER_MAX_BLOCKS = 4

# An interview: questions marked 'Q:' (German 'F:' or 'Frage 1:', Spanish 'Pregunta:' …), or a third of them
# addressing 'you'.
_INTERVIEW_MARK = re.compile(
    r"^(?:Q|F|Frage|Pregunta|Pergunta|Domanda|Vraag|Pytanie)\s*\d*\s*[:.]",
    re.IGNORECASE,
)
# 'You' in English, German ('dich', 'dein', 'euch'; not 'du', French for 'of the'), French, Spanish,
# Portuguese, Italian and Dutch: words no other of these languages writes alone.
_ADDRESSED = re.compile(
    r"\b(?:you(?:r|rs|'\w+|’\w+)?|dich|dir|dein\w*|euch|eue?r\w*|vous|votre|vos|tu|toi|usted(?:es)?"
    r"|vosotr[oa]s|vocês?|voi|vostr[oaie]|jij|jou|jouw|jullie|uw)\b",
    re.IGNORECASE,
)
# German's 'Sie', 'Ihnen', 'Ihr' in capitals within a sentence: the reader or the person asked, not 'she'.
_ADDRESSED_IN_CAPITALS = re.compile(r"(?<=[\w,] )(?:Sie|Ihnen|Ihr|Ihre[mnrs]?|Du|Dich|Dir|Dein\w*|Euch)\b")
INTERVIEW_SHARE = 1 / 3

Block = tuple[str, str]


def _is_interview(questions: list[str]) -> bool:
    addressed = sum(
        1 for question in questions if _ADDRESSED.search(question) or _ADDRESSED_IN_CAPITALS.search(question)
    )
    return any(_INTERVIEW_MARK.match(question) for question in questions) or addressed >= INTERVIEW_SHARE * len(
        questions
    )


def is_question(text: str) -> bool:
    return text.endswith("?") and len(text) <= QUESTION_MAX_LENGTH


def _answer_end(blocks: list[Block], start: int, stop_at_question: bool) -> int:
    end = start
    while end < len(blocks) and blocks[end][0] != "heading" and not (stop_at_question and is_question(blocks[end][1])):
        end += 1
    return end


def _answer_text(blocks: list[Block]) -> str:
    return "\n\n".join(text for _, text in blocks)


def _from_headings(blocks: list[Block]) -> tuple[list[Block], list[tuple[str, str]]] | None:
    headings = [text for kind, text in blocks if kind == "heading"]
    first = next((index for index, text in enumerate(headings) if is_question(text)), len(headings))
    # From the first question on, every heading is a question ('Background' may come before them).
    questions = headings[first:]
    if len(questions) < MIN_QUESTION_HEADINGS or not all(map(is_question, questions)) or _is_interview(questions):
        return None
    body: list[Block] = []
    pairs = []
    index = 0
    while index < len(blocks):
        kind, text = blocks[index]
        end = _answer_end(blocks, index + 1, stop_at_question=False) if kind == "heading" else index + 1
        if kind == "heading" and is_question(text) and end > index + 1:
            pairs.append((text, _answer_text(blocks[index + 1 : end])))
        else:
            body.extend(blocks[index:end])
        index = end
    return body, pairs


def _answered_runs(blocks: list[Block]) -> dict[int, int]:
    """Question line → end of its answer, for runs of enough questions each answered in a few blocks."""
    questions = [index for index, (kind, text) in enumerate(blocks) if kind == "paragraph" and is_question(text)]
    chosen: dict[int, int] = {}
    run: list[int] = []
    for index in [*questions, None]:
        if run and index is not None and _short_answer_between(blocks, run[-1], index):
            run.append(index)
            continue
        last = run[-1] if run else None
        # The last answer of a run takes one block: what follows may be the article's close.
        last_answered = last is not None and _short_answer_between(blocks, last, min(last + 2, len(blocks)), True)
        if len(run) - (not last_answered) >= MIN_QUESTIONS_IN_A_ROW:
            chosen.update(zip(run, run[1:]))
            if last_answered:
                chosen[last] = last + 2
        run = [index] if index is not None else []
    return chosen


def _short_answer_between(blocks: list[Block], question: int, end: int, last: bool = False) -> bool:
    answer = blocks[question + 1 : end]
    return (
        (len(answer) == 1 if last else 1 <= len(answer) <= ANSWER_MAX_BLOCKS)
        and all(kind != "heading" for kind, _ in answer)
        and not (last and is_question(answer[0][1]))
    )


def _from_question_lines(blocks: list[Block]) -> tuple[list[Block], list[tuple[str, str]]]:
    chosen = _answered_runs(blocks)
    if _is_interview([blocks[index][1] for index in chosen]):
        return blocks, []
    body: list[Block] = []
    pairs = []
    index = 0
    while index < len(blocks):
        if index in chosen:
            end = chosen[index]
            pairs.append((blocks[index][1], _answer_text(blocks[index + 1 : end])))
            index = end
        else:
            body.append(blocks[index])
            index += 1
    return body, pairs


def pairs_from_blocks(blocks: list[Block], question_lines: bool = False) -> tuple[list[Block], list[tuple[str, str]]]:
    """The blocks left in the body, and the pairs taken out of them.

    `question_lines`: plain text has no headings, so runs of question lines count too.
    """
    from_headings = _from_headings(blocks)
    if from_headings is not None:
        return from_headings
    if question_lines:
        return _from_question_lines(blocks)
    return blocks, []
