"""What the rules say to a person, in zh and en: explanations, warnings and errors.

The rules return codes and parameters; this table turns them into sentences, so the
CLI, the macros and the browser widget say the same thing in the reader's language.
English has real plural forms: a message whose number may be 1 is `plural(param, one,
other)`. A parameter given as {"zh": …, "en": …} is read in the reader's language (the
names a rule error lists, never internal ids). Chinese uses full-width punctuation. A
message carries no label of its own ("注意：", "Warning:"): the widget and the CLI add
theirs.
"""
from __future__ import annotations

LANGUAGES = ("zh", "en")


def plural(by: str, one: str, other: str) -> dict:
    """An English message with a singular and a plural form, chosen by the number `by`."""
    return {"by": by, "one": one, "other": other}

HOLIDAYS_ZH = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节", "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}

MESSAGES: dict[str, dict[str, str]] = {
    # errors
    "date_out_of_range": {"zh": "{field}：{value} 超出支持范围。本工具只计算 {low} 年至 {high} 年的日期（官方节假日安排从 {low} 年起收录；最远到节假日数据覆盖的最后一年之后 {ahead} 年），请输入此范围内的日期。",
                          "en": "{field}: {value} is outside the supported range. This tool counts dates from {low} to {high} (the holiday calendar it holds starts in {low}; it goes at most {ahead} years past the last year that calendar covers); enter a date in that range."},
    "bad_datetime": {"zh": "{field}：“{value}”不是有效的日期时间，应为 YYYY-MM-DDTHH:MM。",
                     "en": "{field}: “{value}” is not a valid date and time; expected YYYY-MM-DDTHH:MM."},
    "unknown_zone": {"zh": "{field}：未知时区“{value}”，应为 IANA 时区名，如 Asia/Shanghai。",
                     "en": "{field}: unknown time zone “{value}”; expected an IANA name such as Asia/Shanghai."},
    "nonexistent_time": {"zh": "{field}：{value} 在时区 {zone} 中不存在（夏令时调快时跳过的时刻）。",
                         "en": "{field}: {value} does not exist in {zone} (skipped when the clocks went forward)."},
    "unknown_kind": {"zh": "{field}：未知的时限类型“{value}”，应为 {expected} 之一。",
                     "en": "{field}: unknown kind of time limit “{value}”; expected one of {expected}."},
    "unknown_limit": {"zh": "{field}：未知的时限“{value}”，应为 {expected} 之一。",
                      "en": "{field}: unknown time limit “{value}”; expected one of {expected}."},
    "amount_out_of_range": {"zh": "{field}：{value} 超出范围，应为 {low} 到 {high} 之间的整数。",
                            "en": "{field}: {value} is out of range; enter a whole number from {low} to {high}."},
    "amount_not_whole": {"zh": "{field}：“{value}”不是整数，请输入 {low} 到 {high} 之间的整数。",
                         "en": "{field}: “{value}” is not a whole number; enter a whole number from {low} to {high}."},
    "amount_not_allowed": {"zh": "{field}：“{kind}”不带数量。", "en": "{field}: “{kind}” takes no amount."},
    "unknown_direction": {"zh": "{field}：未知的计算方向“{value}”，应为 {expected} 之一。",
                          "en": "{field}: unknown direction “{value}”; expected one of {expected}."},
    "not_backward": {"zh": "{field}：“{kind}”不能从计划时间倒推，只有 {expected} 可以。",
                     "en": "{field}: “{kind}” cannot be counted back from a planned time; only {expected} can."},
    "internal": {"zh": "计算出错：这是本工具的问题，不是你的输入有误。请复制详细信息并报告给手册维护人员。",
                 "en": "The calculation failed: this is a fault in the tool, not in what you entered. Copy the details and report them to the handbook's maintainers."},
    "finished_before_start": {"zh": "{field}：{value} 早于开始时间 {start}。",
                              "en": "{field}: {value} is before the start, {start}."},
    "unknown_severity": {"zh": "{field}：未知的严重级别“{value}”，应为 {expected} 之一。",
                         "en": "{field}: unknown severity “{value}”; expected one of {expected}."},
    "unknown_level": {"zh": "{field}：未知的等级“{value}”，应为 {expected} 之一。",
                      "en": "{field}: unknown level “{value}”; expected one of {expected}."},
    "severity_or_matrix": {"zh": "{field}：请给出严重级别，或同时给出业务影响和紧急度。",
                           "en": "{field}: give a severity, or both service impact and urgency."},
    "bad_minutes": {"zh": "{field}：“{value}”应为 0 到 {high} 之间的整数分钟数。",
                    "en": "{field}: “{value}” should be a whole number of minutes from 0 to {high}."},
    "restored_after_now": {"zh": "{field}：第 {value} 分钟晚于自报告起已过的 {elapsed} 分钟。",
                           "en": "{field}: minute {value} is later than the {elapsed} min elapsed since the report."},
    "bad_request": {"zh": "请求无效：{value}", "en": "Invalid request: {value}"},
    # labels the CLI puts before a line (the widget has its own, from data/labels.yml)
    "warning": {"zh": "注意：{text}", "en": "Warning: {text}"},
    # where an answer's numbers come from (data/service_levels.yml `status` and `basis`)
    "provenance_reference_draft": {"zh": "参考草案（非 V4 原文）：{basis}", "en": "Reference draft (not V4 text): {basis}"},
    "provenance_converted": {"zh": "V4 原文：{basis}", "en": "V4 text: {basis}"},
    # a deadline as a calendar event (calendar_event.py) and the CLI's note on writing it
    "ics_summary": {"zh": "截止：{name}", "en": "Due: {name}"},
    "ics_summary_before": {"zh": "最晚于：{name}", "en": "At the latest: {name}"},
    "ics_deadline": {"zh": "时限", "en": "Deadline"},
    "ics_clause": {"zh": "条款：{clause}", "en": "Clause: {clause}"},
    "ics_page": {"zh": "手册页面：{url}", "en": "Handbook page: {url}"},
    "ics_status_reference_draft": {"zh": "参考草案", "en": "Reference draft"},
    "ics_status_converted": {"zh": "V4 原文", "en": "V4 text"},
    "ics_status_own": {"zh": "自定义规则", "en": "Your own rule"},
    "ics_labelled": {"zh": "{name}（{label}）", "en": "{name} ({label})"},
    "ics_calendar": {"zh": "节假日数据：{source}", "en": "Holiday calendar: {source}"},
    # a rule of the reader's own (no time limit of the data): its provenance and its name
    "provenance_own": {"zh": "自定义规则（你自己输入的规则，非 V4 原文，也非手册的参考草案）：{rule}",
                       "en": "Your own rule (entered by you: neither V4 text nor the handbook's reference draft): {rule}"},
    "own_rule_before": {"zh": "提前 {rule}", "en": "{rule} in advance"},
    "ics_written": {"zh": "日历文件已写入：{path}", "en": "Calendar file written: {path}"},
    "ics_unwritable": {"zh": "日历文件：无法写入 {path}（{reason}）。", "en": "Calendar file: cannot write {path} ({reason})."},
    # explanations of a deadline
    "due": {"zh": "截止时间：{due}", "en": "Due: {due}"},
    "due_before": {"zh": "最晚时间：{due}", "en": "Latest: {due}"},
    "due_provisional": {"zh": "截止时间（暂定）：{due}", "en": "Due (provisional): {due}"},
    "due_before_provisional": {"zh": "最晚时间（暂定）：{due}", "en": "Latest (provisional): {due}"},
    "due_other": {"zh": "换算到 {zone}：{due}", "en": "In {zone}: {due}"},
    "rule_clock": {"zh": "按自然时间计 {amount} {unit}，不停表。", "en": "{amount} {unit} of clock time, running through nights and days off."},
    "rule_calendar_days": {"zh": "按自然日计 {amount} 天，同一钟点截止。",
                           "en": plural("amount", "{amount} calendar day, due at the same time of day.",
                                        "{amount} calendar days, due at the same time of day.")},
    "rule_working_days": {"zh": "按工作日计 {amount} 天（次日起算），第 {amount} 个工作日下班（{end}）前截止。",
                          "en": plural("amount", "{amount} working day counted from the next day, due at the end of office hours ({end}).",
                                       "{amount} working days counted from the next day, due at the end of office hours ({end}) on the last one.")},
    "rule_working_hours": {"zh": "按办公时间计 {amount} 小时（{hours}），非工作日与下班时间停表。",
                           "en": plural("amount", "{amount} working hour in office hours ({hours}); the clock stops outside them and on days off.",
                                        "{amount} working hours in office hours ({hours}); the clock stops outside them and on days off.")},
    "rule_before": {"zh": "按提前量从计划时间 {planned} 倒推，得出最晚完成时间。",
                    "en": "Counted back from the planned time {planned}: the latest time to act."},
    "rule_working_days_before": {"zh": "提前 {amount} 个工作日（计划当天不计），最晚于往前数第 {amount} 个工作日下班（{end}）前。",
                                 "en": plural("amount", "1 working day in advance, not counting the planned day: by the end of office hours ({end}) on the working day before it.",
                                              "{amount} working days in advance, not counting the planned day: by the end of office hours ({end}) on the {nth} working day before it.")},
    "rule_end_of_day": {"zh": "日事日清：办公时间内的工作于当天下班（{end}）前完成。",
                        "en": "Finish each day's work that day: work done in office hours by close of business ({end})."},
    "rule_end_of_day_after_hours": {"zh": "日事日清：下班后或非工作日的工作，同样当天完成，最晚当天 23:59。",
                                    "en": "Finish each day's work that day: work done after office hours or on a day off is finished that same day, by 23:59."},
    "day_off_same_day": {"zh": "{date}（{weekday}）是休息日，仍须当天完成。",
                         "en": "{date} ({weekday}) is a day off; the work is still due that day."},
    "crossed_holiday": {"zh": "跨越{name}假期：{span}（{count} 天），不计为工作日。",
                        "en": plural("count", "Crosses the {name} holiday: {span} (1 day), not a working day.",
                                     "Crosses the {name} holiday: {span} ({count} days), not working days.")},
    "crossed_weekend": {"zh": "跨越周末：{span}（{count} 天）。",
                        "en": plural("count", "Crosses a weekend: {span} (1 day).", "Crosses a weekend: {span} ({count} days).")},
    "crossed_makeup": {"zh": "{date}（{weekday}）是{name}调休上班日，计为工作日。",
                       "en": "{date} ({weekday}) is a makeup working day for {name} and counts as a working day."},
    "crossed_nights": {"zh": "跨越 {count} 个夜间。", "en": plural("count", "Crosses 1 night.", "Crosses {count} nights.")},
    "started_after_hours": {"zh": "开始时间在办公时间之外，从 {resume} 起计。", "en": "Started outside office hours; counting starts at {resume}."},
    "finished_on_time": {"zh": "完成于 {finished}：按时（提前 {margin}）。", "en": "Finished {finished}: on time ({margin} to spare)."},
    "finished_late": {"zh": "完成于 {finished}：超时 {margin}。", "en": "Finished {finished}: late by {margin}."},
    "calendar_not_covered": {"zh": "结果为暂定：节假日数据只覆盖至 {last}，{years} 年暂按周末计算，待官方安排公布；节假日与调休未计入，公布后请复核。",
                             "en": "Provisional: the holiday calendar covers up to {last}, so {years} is counted on weekends only, without holidays or makeup days, until the official arrangement is published. Check again then."},
    "calendar_source": {"zh": "节假日数据：{sources}；覆盖至 {last}。", "en": "Holiday calendar: {sources}; it covers up to {last}."},
    "source_library": {"zh": "{name}", "en": "{name}"},
    "source_notice": {"zh": "{year} 年按《{title}》（{number}，{published} 发布）",
                      "en": "{year} from the notice “{title}” ({number}, published {published})"},
    "ambiguous_time": {"zh": "{value} 在 {zone} 出现两次（夏令时结束），按第一次计算。",
                       "en": "{value} occurs twice in {zone} (the clocks went back); the first one is used."},
    # the calendar itself (holiday_list.py, `python -m service_norms calendar`)
    "bad_year": {"zh": "{field}：“{value}”不是 {low} 到 {high} 之间的年份。", "en": "{field}: “{value}” is not a year from {low} to {high}."},
    "cal_coverage": {"zh": "节假日数据覆盖至 {last}。", "en": "The holiday calendar covers up to {last}."},
    "cal_library": {"zh": "{first}–{last} 年：{name}。", "en": "{first}–{last}: {name}."},
    "cal_year_source": {"zh": "{year} 年：{source}。", "en": "{year}: {source}."},
    "cal_year_provisional": {"zh": "{year} 年尚无官方安排（节假日数据覆盖至 {last}）：暂按周末计算，待官方安排公布。",
                             "en": "{year} has no official arrangement yet (the holiday calendar covers up to {last}): counted on weekends only until it is published."},
    "cal_holiday": {"zh": "{name}：{span}（{count} 天）", "en": plural("count", "{name}: {span} (1 day)", "{name}: {span} ({count} days)")},
    "cal_makeup": {"zh": "{date}（{weekday}）调休上班（{name}）", "en": "{date} ({weekday}): makeup working day ({name})"},
    # escalation
    "esc_matrix": {"zh": "业务影响“{impact}”×紧急度“{urgency}”→ 严重级别“{severity}”。",
                   "en": "Service impact “{impact}” × urgency “{urgency}” → severity “{severity}”."},
    "esc_start": {"zh": "{severity}从第 {rung} 级（{who}）开始。", "en": "A {severity} fault starts at rung {rung} ({who})."},
    "esc_time": {"zh": "未恢复已 {minutes}，每{step}升一级：升 {rungs} 级。",
                 "en": plural("rungs", "{minutes} without service restored, one rung every {step}: up 1 rung.",
                              "{minutes} without service restored, one rung every {step}: up {rungs} rungs.")},
    "esc_time_capped": {"zh": "未恢复已 {minutes}，每{step}升一级：升 {rungs} 级即到阶梯顶端。",
                        "en": plural("rungs", "{minutes} without service restored, one rung every {step}: up 1 rung, to the top of the ladder.",
                                     "{minutes} without service restored, one rung every {step}: up {rungs} rungs, to the top of the ladder.")},
    "esc_time_at_top": {"zh": "未恢复已 {minutes}：已在阶梯顶端，按时间不再升级。",
                        "en": "{minutes} without service restored: already at the top of the ladder, so time adds no rung."},
    "esc_time_restored": {"zh": "业务已于报告后 {restored}恢复，此后每{step}升一级：再升 {rungs} 级。",
                          "en": plural("rungs", "Service restored {restored} after the report; after that one rung every {step}: up 1 more.",
                                       "Service restored {restored} after the report; after that one rung every {step}: up {rungs} more.")},
    "esc_time_restored_none": {"zh": "业务已于报告后 {restored}恢复，此后每{step}升一级：恢复后未满一个间隔，暂不再升级。",
                               "en": "Service restored {restored} after the report; after that one rung every {step}: less than one interval since, so no further rung yet."},
    "esc_time_restored_at_top": {"zh": "业务已于报告后 {restored}恢复，此后每{step}升一级：已在阶梯顶端，按时间不再升级。",
                                 "en": "Service restored {restored} after the report; after that one rung every {step}: already at the top of the ladder, so time adds no rung."},
    "esc_key_customer": {"zh": "重点客户：升 {rungs} 级。", "en": plural("rungs", "Key customer: up 1 rung.", "Key customer: up {rungs} rungs.")},
    "esc_complaint": {"zh": "客户投诉：升 {rungs} 级。", "en": plural("rungs", "Customer complaint: up 1 rung.", "Customer complaint: up {rungs} rungs.")},
    "esc_outage": {"zh": "业务全阻：按定义属{severity}，不论业务影响与紧急度。",
                   "en": "Total outage: always {severity}, whatever the impact and urgency."},
    "esc_ceiling": {"zh": "{severity}在时限之内最高只到第 {rung} 级（{who}）。",
                    "en": "Within its targets a {severity} fault goes no higher than rung {rung} ({who})."},
    "esc_overdue_restore": {"zh": "{severity}超过恢复时限（{limit}）仍未解决：升到最高一级。",
                            "en": "The {severity} fault was not resolved within its target ({limit}): it goes to the top rung."},
    "esc_overdue_close": {"zh": "{severity}的问题报告超过关闭时限（{limit}）仍未关闭：升到最高一级。",
                          "en": "The {severity} problem report was not closed within its target ({limit}): it goes to the top rung."},
    "esc_time_none": {"zh": "未恢复已 {minutes}，未满一个间隔（{step}），暂不升级。",
                      "en": "{minutes} without service restored, less than one interval ({step}): no escalation yet."},
    "esc_top": {"zh": "已到最高一级（{who}），不再上升。", "en": "The top rung ({who}) is reached; it goes no higher."},
    "esc_level": {"zh": "升级到第 {rung} 级：{who}。", "en": "Escalate to rung {rung}: {who}."},
    "esc_notify": {"zh": "须通知：{who}。", "en": "Tell: {who}."},
    "esc_next": {"zh": "若仍未恢复，报告后 {at}（再过 {remaining}）升到第 {rung} 级：{who}。",
                 "en": "If still not restored, {at} after the report ({remaining} from now) it reaches rung {rung}: {who}."},
    "esc_next_restored": {"zh": "报告后 {at}（再过 {remaining}）升到第 {rung} 级：{who}（永久解决仍未完成时）。",
                          "en": "{at} after the report ({remaining} from now) it reaches rung {rung}: {who} (while the permanent fix is still owed)."},
}

# Input fields as a reader knows them from the form or the command line; an error starts
# with one, so the English ones are capitalised.
FIELDS = {
    "start": {"zh": "开始时间", "en": "Start"}, "zone": {"zh": "时区", "en": "Time zone"},
    "other_zone": {"zh": "第二时区", "en": "Second time zone"}, "finished": {"zh": "完成时间", "en": "Finish time"},
    "limit": {"zh": "时限", "en": "Time limit"}, "rule.kind": {"zh": "时限类型", "en": "Kind of time limit"},
    "rule.amount": {"zh": "数量", "en": "Amount"}, "rule.direction": {"zh": "计算方向", "en": "Direction"},
    "severity": {"zh": "严重级别", "en": "Severity"},
    "impact": {"zh": "业务影响", "en": "Service impact"}, "urgency": {"zh": "紧急度", "en": "Urgency"},
    "elapsed_minutes": {"zh": "已过时间", "en": "Time elapsed"},
    "restored_at_minutes": {"zh": "恢复时间", "en": "Restored at"},
    "request": {"zh": "请求", "en": "Request"}, "args": {"zh": "参数", "en": "Arguments"},
    "fn": {"zh": "功能", "en": "Function"}, "year": {"zh": "年份", "en": "Year"},
    "notices": {"zh": "节假日通知", "en": "Holiday notices"}, "label": {"zh": "标签", "en": "Label"}, "ics": {"zh": "日历文件", "en": "Calendar file"},
}

# The kinds of time limit in words (the same words as data/labels.yml
# service_levels.kind_names, which tests/rules/test_messages.py holds them to).
KIND_NAMES = {
    "clock_minutes": {"zh": "分钟（自然时间）", "en": "minutes of clock time"},
    "clock_hours": {"zh": "小时（自然时间）", "en": "hours of clock time"},
    "calendar_days": {"zh": "自然日", "en": "calendar days"},
    "working_days": {"zh": "工作日", "en": "working days"},
    "working_hours": {"zh": "工作小时（办公时间）", "en": "working hours (office hours)"},
    "end_of_working_day": {"zh": "日事日清（当天下班前）", "en": "end of the working day"},
}


# A rule of the reader's own in words (the title of its calendar event): an amount of a kind.
AMOUNTS = {
    "clock_minutes": {"zh": "{amount} 分钟（自然时间）", "en": plural("amount", "1 minute of clock time", "{amount} minutes of clock time")},
    "clock_hours": {"zh": "{amount} 小时（自然时间）", "en": plural("amount", "1 hour of clock time", "{amount} hours of clock time")},
    "calendar_days": {"zh": "{amount} 个自然日", "en": plural("amount", "1 calendar day", "{amount} calendar days")},
    "working_days": {"zh": "{amount} 个工作日", "en": plural("amount", "1 working day", "{amount} working days")},
    "working_hours": {"zh": "{amount} 个工作小时", "en": plural("amount", "1 working hour", "{amount} working hours")},
}


def amount_text(kind: str, amount, lang: str) -> str:
    message = AMOUNTS[kind][lang]
    if isinstance(message, dict):
        message = message["one"] if str(amount) == "1" else message["other"]
    return message.format(amount=amount)


def ordinal(n: int) -> str:
    """An English ordinal: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd, 23rd, 101st, 111th."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


WEEKDAYS = {"zh": "一二三四五六日", "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]}


def in_language(value, lang: str):
    """A {"zh": …, "en": …} value in `lang`; any other value as it is."""
    if isinstance(value, dict) and set(value) == set(LANGUAGES):
        return value[lang]
    return value


def names(items: list[dict]) -> dict:
    """The names of data items ({"id", "name": {"zh", "en"}}) as a list in each language."""
    return {"zh": "、".join(i["name"]["zh"] for i in items), "en": ", ".join(i["name"]["en"] for i in items)}


def text(code: str, lang: str, **params) -> str:
    if lang not in LANGUAGES:
        lang = "en"
    params = {k: in_language(v, lang) for k, v in params.items()}
    message = MESSAGES[code][lang]
    if isinstance(message, dict):
        message = message["one"] if str(params[message["by"]]) == "1" else message["other"]
    return message.format(**params)


def field_name(field: str, lang: str) -> str:
    return FIELDS.get(field, {}).get(lang, field)


def holiday_name(name, lang: str) -> str:
    """A holiday's name: {"zh", "en"} (a notice's, or the library's translated), or the library's English name."""
    if not name:
        return ""
    if isinstance(name, dict):
        return in_language(name, lang)
    return HOLIDAYS_ZH.get(name, name) if lang == "zh" else name


def weekday(date, lang: str) -> str:
    w = WEEKDAYS[lang][date.weekday()]
    return f"周{w}" if lang == "zh" else w
