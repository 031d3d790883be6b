#pragma once
// The grammar of the journal (dsl/journal.hpp), one rule a line, on top of the plan language's
// words: the same space, comments, strings, ids, numbers and dates (dsl/grammar.hpp).
// Included by dsl/journal_parser.inc (inside dsl/parser.cpp, the one PEGTL translation unit) and by
// the grammar test, for pegtl::analyze.
//
//   hoàn thành II.3 ngày 20/03/2023 { người ghi "…"; văn bản "…" }
//   hoàn thành BC_HANG_NAM năm 2023 [kỳ 2] [của SXD] ngày 25/11/2023
//   sự kiện TTG_DUYET_QHC xảy ra ngày 01/09/2023
//   chỉ tiêu PL1-I.1 năm 2024 đạt 9,5
//   dừng II.5 ngày 01/07/2023 { quyết định CT_UBND; văn bản "…" }
//   gia hạn II.5 đến 30/09/2023 ngày 01/07/2023
//   rút lại ghi chép 12 ngày 05/03/2024 { lý do "…" }

#include "dsl/grammar.hpp"

namespace dondoc::dsl::grammar {

// clang-format off
#define DONDOC_KW(s) fast_kw<TAO_PEGTL_STRING(s)>

// ---------------------------------------------------------------- keywords
struct jkw_done : sor<phrase<DONDOC_KW("hoàn"), DONDOC_KW("thành")>, phrase<DONDOC_KW("done")>> {};
struct jkw_happened_event : sor<phrase<DONDOC_KW("sự"), DONDOC_KW("kiện")>, phrase<DONDOC_KW("event")>> {};
struct jkw_value : sor<phrase<DONDOC_KW("chỉ"), DONDOC_KW("tiêu")>, phrase<DONDOC_KW("indicator")>> {};
struct jkw_waive : sor<phrase<DONDOC_KW("dừng")>, phrase<DONDOC_KW("waive")>> {};
struct jkw_extend : sor<phrase<DONDOC_KW("gia"), DONDOC_KW("hạn")>, phrase<DONDOC_KW("extend")>> {};
struct jkw_withdraw : sor<phrase<DONDOC_KW("rút"), DONDOC_KW("lại")>, phrase<DONDOC_KW("withdraw")>> {};
/// Keywords that start a fact; used to recover after an error.
struct journal_keyword : sor<jkw_done, jkw_happened_event, jkw_value, jkw_waive, jkw_extend, jkw_withdraw> {};

struct jkw_on : sor<phrase<w_ngay>, phrase<DONDOC_KW("on")>> {};
struct jkw_happened : sor<phrase<DONDOC_KW("xảy"), DONDOC_KW("ra")>, phrase<DONDOC_KW("happened")>> {};
struct jkw_year : sor<phrase<w_nam>, phrase<DONDOC_KW("year")>> {};
struct jkw_period : sor<phrase<DONDOC_KW("kỳ")>, phrase<DONDOC_KW("kì")>, phrase<DONDOC_KW("period")>> {};
struct jkw_for : sor<phrase<DONDOC_KW("của")>, phrase<DONDOC_KW("for")>> {};
struct jkw_reached : sor<phrase<DONDOC_KW("đạt")>, phrase<DONDOC_KW("value")>> {};
struct jkw_to : sor<phrase<w_den>, phrase<DONDOC_KW("to")>> {};
struct jkw_fact : sor<phrase<DONDOC_KW("ghi"), DONDOC_KW("chép")>, phrase<DONDOC_KW("fact")>> {};

// ---------------------------------------------------------------- parts
/// `20/03/2023`, `2023-03-20`, `17 tháng 02 năm 2023`, and after `on` also `ngày 17 tháng 02 năm 2023`.
struct journal_date : sor<date_iso, date_long, date_dmy, seq<day_prefix, sor<date_long, date_dmy>>> {};
struct on_date : journal_date {};
struct expect_on_date : seq<on_date> {};
struct on_clause : seq<jkw_on, skip, expect_on_date> {};
struct expect_done_on : seq<on_clause> {};
struct expect_happened_on : seq<on_clause> {};
struct expect_decided_on : seq<on_clause> {};

struct fact_id : seq<name> {};
struct expect_fact_id : seq<fact_id> {};

struct occ_year : year4 {};
struct expect_occ_year : seq<occ_year> {};
struct occ_period : count {};
struct expect_occ_period : seq<occ_period> {};
struct occ_agency : seq<name> {};
struct expect_occ_agency : seq<occ_agency> {};
struct occurrence : seq<jkw_year, skip, expect_occ_year, opt<skip, jkw_period, skip, expect_occ_period>,
                        opt<skip, jkw_for, skip, expect_occ_agency>> {};

struct value_year : year4 {};
struct expect_value_year : seq<jkw_year, skip, value_year> {};
struct expect_value_kw : seq<jkw_reached> {};
struct value_number : seq<number> {};
struct expect_value_number : seq<value_number, opt<star<blank>, one<'%'>>> {};  // a '%' is allowed: the unit is the indicator's

struct new_due_date : journal_date {};
struct expect_new_due_date : seq<new_due_date> {};
struct expect_new_due : seq<jkw_to, skip, expect_new_due_date> {};
struct expect_happened : seq<jkw_happened> {};

struct withdrawn_number : count {};
struct expect_withdrawn : seq<jkw_fact, skip, withdrawn_number> {};
struct expect_withdrawn_on : seq<on_clause> {};

// ---------------------------------------------------------------- the attribute block
struct expect_attr_text : seq<string_lit> {};
struct authority_id : seq<name> {};
struct expect_authority : seq<authority_id> {};
struct attr_recorded_by : seq<sor<phrase<DONDOC_KW("người"), DONDOC_KW("ghi")>, phrase<DONDOC_KW("recorded"), DONDOC_KW("by")>>, skip, expect_attr_text> {};
struct attr_reference : seq<sor<phrase<DONDOC_KW("văn"), DONDOC_KW("bản")>, phrase<DONDOC_KW("reference")>>, skip, expect_attr_text> {};
struct attr_source : seq<kw_source, skip, expect_attr_text> {};
struct attr_authority : seq<sor<phrase<DONDOC_KW("quyết"), DONDOC_KW("định")>, phrase<DONDOC_KW("decided"), DONDOC_KW("by")>>, skip, expect_authority> {};
struct attr_note : seq<kw_note, skip, expect_attr_text> {};
struct attr_reason : seq<sor<phrase<DONDOC_KW("lý"), DONDOC_KW("do")>, phrase<DONDOC_KW("reason")>>, skip, expect_attr_text> {};
struct fact_attr : sor<attr_recorded_by, attr_reference, attr_source, attr_authority, attr_reason, attr_note> {};
/// Attribute keywords (for "text after a fact": the block's braces are missing).
struct attr_keyword : sor<phrase<DONDOC_KW("người"), DONDOC_KW("ghi")>, phrase<DONDOC_KW("recorded"), DONDOC_KW("by")>,
                          phrase<DONDOC_KW("văn"), DONDOC_KW("bản")>, phrase<DONDOC_KW("reference")>, kw_source,
                          phrase<DONDOC_KW("quyết"), DONDOC_KW("định")>, phrase<DONDOC_KW("decided"), DONDOC_KW("by")>,
                          phrase<DONDOC_KW("lý"), DONDOC_KW("do")>, phrase<DONDOC_KW("reason")>, kw_note> {};
struct fact_open : one<'{'> {};
struct expect_fact_end : seq<close_brace> {};
struct fact_block : seq<fact_open, skip, star<fact_attr, semi, skip>, expect_fact_end> {};
struct fact_attrs : opt<skip, fact_block> {};

// ---------------------------------------------------------------- facts
struct fact_done : seq<jkw_done, skip, expect_fact_id, opt<skip, occurrence>, skip, expect_done_on, fact_attrs> {};
struct fact_happened : seq<jkw_happened_event, skip, expect_fact_id, skip, expect_happened, skip, expect_happened_on, fact_attrs> {};
struct fact_value : seq<jkw_value, skip, expect_fact_id, skip, expect_value_year, skip, expect_value_kw, skip, expect_value_number, fact_attrs> {};
struct fact_waive : seq<jkw_waive, skip, expect_fact_id, skip, expect_decided_on, fact_attrs> {};
struct fact_extend : seq<jkw_extend, skip, expect_fact_id, skip, expect_new_due, skip, expect_decided_on, fact_attrs> {};
struct fact_withdraw : seq<jkw_withdraw, skip, expect_withdrawn, skip, expect_withdrawn_on, fact_attrs> {};
struct journal_fact : sor<fact_done, fact_happened, fact_value, fact_waive, fact_extend, fact_withdraw> {};
struct expect_fact : seq<journal_fact> {};

/// One step of the journal's top-level loop: skip space and comments, then one fact or the end.
struct journal_item : seq<skip, star<one<';'>, skip>, sor<eof, stray_close, expect_fact>> {};
/// A whole journal; used by `analyze`.
struct journal_file : seq<skip, star<journal_fact, semi, skip>, eof> {};

// ---------------------------------------------------------------- error messages
// Format as in grammar.hpp: code \x1f Vietnamese \x1f English.
#define DONDOC_ERROR(rule, code, vi, en) \
  template <>                            \
  inline constexpr const char* error_message<rule> = code "\x1f" vi "\x1f" en

DONDOC_ERROR(expect_fact, "fact",
             "không hiểu dòng này; một ghi chép trong nhật ký bắt đầu bằng 'hoàn thành', 'sự kiện', 'chỉ tiêu', 'dừng', 'gia hạn' hoặc 'rút lại'",
             "this line is not a fact; a journal line starts with 'done', 'event', 'indicator', 'waive', 'extend' or 'withdraw'");
DONDOC_ERROR(expect_fact_id, "fact_id", "thiếu mã sau từ khóa, ví dụ 'hoàn thành II.3' hoặc 'sự kiện TTG_DUYET_QHC'",
             "expected an id after the keyword, such as 'done II.3' or 'event TTG_DUYET_QHC'");
DONDOC_ERROR(expect_on_date, "fact_date", "thiếu ngày, ví dụ '20/03/2023', '17 tháng 02 năm 2023' hoặc '2023-03-20'",
             "expected a date such as '2023-03-20', '20/03/2023' or '17 tháng 02 năm 2023'");
DONDOC_ERROR(expect_done_on, "done_on",
             "thiếu ngày hoàn thành, ví dụ 'hoàn thành II.3 ngày 20/03/2023' hoặc 'hoàn thành BC_HANG_NAM năm 2023 của SXD ngày 25/11/2023'",
             "expected the day it was done, such as 'done II.3 on 2023-03-20' or 'done BC_HANG_NAM year 2023 for SXD on 2023-11-25'");
DONDOC_ERROR(expect_happened_on, "happened_on", "thiếu ngày xảy ra, ví dụ 'sự kiện TTG_DUYET_QHC xảy ra ngày 01/09/2023'",
             "expected the day it happened, such as 'event TTG_DUYET_QHC happened on 2023-09-01'");
DONDOC_ERROR(expect_decided_on, "decided_on", "thiếu ngày quyết định, ví dụ 'dừng II.5 ngày 01/07/2023'",
             "expected the day of the decision, such as 'waive II.5 on 2023-07-01'");
DONDOC_ERROR(expect_happened, "happened", "thiếu 'xảy ra' sau mã sự kiện, ví dụ 'sự kiện TTG_DUYET_QHC xảy ra ngày 01/09/2023'",
             "expected 'happened' after the event id, such as 'event TTG_DUYET_QHC happened on 2023-09-01'");
DONDOC_ERROR(expect_occ_year, "occ_year", "thiếu năm (4 chữ số) của kỳ báo cáo, ví dụ 'năm 2023'",
             "expected the year of the report (4 digits), such as 'year 2023'");
DONDOC_ERROR(expect_occ_period, "occ_period", "thiếu số thứ tự của kỳ, ví dụ 'kỳ 2' (quý II, 6 tháng cuối năm hoặc tháng 2)",
             "expected the number of the period, such as 'period 2' (the second quarter, half or month)");
DONDOC_ERROR(expect_occ_agency, "occ_agency", "thiếu mã cơ quan sau 'của', ví dụ 'của SXD'", "expected an agency id after 'for', such as 'for SXD'");
DONDOC_ERROR(expect_value_year, "value_year", "thiếu năm của giá trị, ví dụ 'chỉ tiêu PL1-I.1 năm 2024 đạt 9,5'",
             "expected the year of the value, such as 'indicator PL1-I.1 year 2024 value 9.5'");
DONDOC_ERROR(expect_value_kw, "value_kw", "thiếu 'đạt' và giá trị sau năm, ví dụ 'năm 2024 đạt 9,5'",
             "expected 'value' and the value after the year, such as 'year 2024 value 9.5'");
DONDOC_ERROR(expect_value_number, "value_number", "thiếu giá trị (một số) sau 'đạt', ví dụ 'đạt 9,5'",
             "expected a number after 'value', such as 'value 9.5'");
DONDOC_ERROR(expect_new_due, "new_due", "thiếu hạn mới sau mã, ví dụ 'gia hạn II.5 đến 30/09/2023 ngày 01/07/2023'",
             "expected the new due date after the id, such as 'extend II.5 to 2023-09-30 on 2023-07-01'");
DONDOC_ERROR(expect_new_due_date, "new_due_date", "thiếu hạn mới sau 'đến', ví dụ 'đến 30/09/2023'",
             "expected the new due date after 'to', such as 'to 2023-09-30'");
DONDOC_ERROR(expect_withdrawn, "withdrawn",
             "thiếu số của ghi chép cần rút lại, ví dụ 'rút lại ghi chép 12 ngày 05/03/2024' (số in ra khi ghi: 'đã ghi #12')",
             "expected the number of the fact to withdraw, such as 'withdraw fact 12 on 2024-03-05' (the number printed when it was recorded: 'recorded #12')");
DONDOC_ERROR(expect_withdrawn_on, "withdrawn_on", "thiếu ngày rút lại, ví dụ 'rút lại ghi chép 12 ngày 05/03/2024'",
             "expected the day of the withdrawal, such as 'withdraw fact 12 on 2024-03-05'");
DONDOC_ERROR(expect_attr_text, "attr_text", "thiếu nội dung trong dấu ngoặc kép, ví dụ văn bản \"Tờ trình số 45/TTr-SXD\"",
             "expected text in double quotes, such as reference \"Tờ trình số 45/TTr-SXD\"");
DONDOC_ERROR(expect_authority, "authority", "thiếu mã cơ quan quyết định, ví dụ 'quyết định CT_UBND'",
             "expected the id of the deciding agency, such as 'decided by CT_UBND'");
DONDOC_ERROR(expect_fact_end, "clause:fact",
             "không hiểu dòng này trong ghi chép; cần 'người ghi', 'văn bản', 'nguồn', 'quyết định', 'lý do', 'ghi chú' hoặc '}'",
             "this line is not part of a fact; expected 'recorded by', 'reference', 'source', 'decided by', 'reason', 'note' or '}'");

#undef DONDOC_ERROR
#undef DONDOC_KW

// clang-format on

}  // namespace dondoc::dsl::grammar
