#pragma once
// The grammar of the plan language, one rule a line, named like the language.
// Included by dsl/parser.cpp only (PEGTL is slow to compile).
//
// Every construct has a Vietnamese and an English keyword; both are first-class. A keyword that
// the hints, the formatter or the plan generator write is read by a rule of its own (`kw_lead`,
// `kw_due`, …) named in the keyword table, dsl/keywords.hpp; tests/dsl/keywords_test.cpp checks
// that each rule reads both spellings of its entry.
// Rules whose name starts with `expect_` are error points: when one fails, parsing of the
// declaration stops with the message given for it at the bottom of this file (one message per
// error point; a missing message fails the build).

#include <cstring>

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

namespace dondoc::dsl::grammar {

// clang-format off
namespace pegtl = tao::pegtl;
using namespace tao::pegtl;  // NOLINT: the grammar reads as BNF

/// A keyword compared inline byte by byte (PEGTL's string<> calls memcmp for every keyword tried,
/// which was a fifth of the parse time: a clause line tries dozens of keywords).
template <typename S>
struct fast_kw;
template <char... Cs>
struct fast_kw<ascii::string<Cs...>> {
  using rule_t = fast_kw;
  using subs_t = empty_list;
  template <typename ParseInput>
  [[nodiscard]] static bool match(ParseInput& in) {
    constexpr std::size_t n = sizeof...(Cs);
    if (in.size(n) < n) return false;
    const char* p = in.current();
    std::size_t i = 0;
    if (!((p[i++] == Cs) && ...)) return false;  // stops at the first different byte
    in.bump_in_this_line(n);                     // keywords hold no line break
    return true;
  }
};

#define DONDOC_KW(s) fast_kw<TAO_PEGTL_STRING(s)>

// ---------------------------------------------------------------- characters, space, comments
struct utf8_letter : sor<utf8::range<0xC0, 0x24F>, utf8::range<0x1E00, 0x1EFF>, utf8::range<0x300, 0x36F>> {};
struct id_char : sor<alnum, one<'_'>, utf8_letter> {};
/// star<id_char>, with the ASCII letters and digits of most ids taken in a loop.
struct id_chars {
  using rule_t = id_chars;
  using subs_t = empty_list;
  template <apply_mode A, rewind_mode M, template <typename...> class Action, template <typename...> class Control, typename ParseInput,
            typename... States>
  [[nodiscard]] static bool match(ParseInput& in, States&&... st) {
    while (!in.empty()) {
      const auto c = static_cast<unsigned char>(*in.current());
      if (c >= 0x80) {
        if (!pegtl::match<utf8_letter, A, rewind_mode::required, Action, Control>(in, st...)) break;
      } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') {
        in.bump_in_this_line(1);
      } else {
        break;
      }
    }
    return true;
  }
};
struct word_end : not_at<id_char> {};
/// The rest of a line, up to its line break (`\n` or `\r\n`) or the end: until<at<eolf>> in one
/// memchr.
struct rest_of_line {
  using rule_t = rest_of_line;
  using subs_t = empty_list;
  template <typename ParseInput>
  [[nodiscard]] static bool match(ParseInput& in) {
    const char* p = in.current();
    const auto* nl = static_cast<const char*>(std::memchr(p, '\n', in.size()));
    const char* stop = nl ? nl : in.end();
    if (nl && stop > p && stop[-1] == '\r') --stop;
    in.bump_in_this_line(static_cast<std::size_t>(stop - p));
    return true;
  }
};
struct comment : seq<one<'#'>, rest_of_line> {};
struct sp : sor<space, comment> {};
struct skip : star<sp> {};
struct blank1 : plus<blank> {};  // spaces between the words of one keyword or literal
struct semi : opt<skip, one<';'>> {};

/// A keyword of one or more words: `phrase<nhiệm, vụ>` matches "nhiệm vụ" with any blanks between.
template <typename W, typename... Ws>
struct phrase : seq<W, seq<blank1, Ws>..., word_end> {};

// Vietnamese words used in keywords
struct w_nhiem : DONDOC_KW("nhiệm") {};
struct w_vu : DONDOC_KW("vụ") {};
struct w_nam : sor<DONDOC_KW("năm"), DONDOC_KW("Năm"), DONDOC_KW("NĂM")> {};
struct w_thang : sor<DONDOC_KW("tháng"), DONDOC_KW("Tháng")> {};
struct w_ngay : sor<DONDOC_KW("ngày"), DONDOC_KW("Ngày")> {};
struct w_quy : sor<DONDOC_KW("quý"), DONDOC_KW("Quý"), DONDOC_KW("QUÝ"), DONDOC_KW("quí"), DONDOC_KW("Quí")> {};  // quí: the old spelling
struct w_truoc : sor<DONDOC_KW("trước"), DONDOC_KW("Trước")> {};
struct w_trong : sor<DONDOC_KW("trong"), DONDOC_KW("Trong")> {};
struct w_den : sor<DONDOC_KW("đến"), DONDOC_KW("Đến")> {};
struct w_tu : sor<DONDOC_KW("từ"), DONDOC_KW("Từ")> {};
struct w_vao : sor<DONDOC_KW("vào"), DONDOC_KW("Vào")> {};
struct w_hang : sor<DONDOC_KW("hằng"), DONDOC_KW("hàng"), DONDOC_KW("Hằng"), DONDOC_KW("Hàng")> {};

// ---------------------------------------------------------------- tokens
struct identifier : seq<sor<alpha, one<'_'>, utf8_letter>, id_chars, star<one<'.', '-'>, id_char, id_chars>> {};
struct numeric_id : seq<plus<digit>, plus<one<'.'>, id_char, id_chars>> {};  // task numbers like 2.1
struct name_token : sor<numeric_id, identifier> {};

struct escape : seq<one<'\\'>, one<'"', '\\', 'n', 't'>> {};
struct string_char : sor<escape, not_one<'"', '\\', '\n', '\r'>> {};
/// star<string_char> in one loop instead of a match per byte.
struct string_body {
  using rule_t = string_body;
  using subs_t = empty_list;
  template <typename ParseInput>
  [[nodiscard]] static bool match(ParseInput& in) {
    const char* const begin = in.current();
    const char* const end = in.end();
    const char* p = begin;
    while (p != end) {
      const char c = *p;
      if (c == '"' || c == '\n' || c == '\r') break;
      if (c == '\\') {
        if (end - p < 2 || (p[1] != '"' && p[1] != '\\' && p[1] != 'n' && p[1] != 't')) break;  // not an escape: the string ends here
        p += 2;
      } else {
        ++p;
      }
    }
    in.bump_in_this_line(static_cast<std::size_t>(p - begin));
    return true;
  }
};
struct expect_string_close : one<'"'> {};
struct string_lit : seq<one<'"'>, string_body, expect_string_close> {};

struct digits : plus<digit> {};
/// `10,1` `10.1` `1.650.000` `0,5`. A comma is decimal only when a digit follows it directly.
struct number : seq<opt<one<'-'>>, digits, star<one<'.', ','>, digits>> {};
struct count : digits {};

struct comma : seq<skip, one<','>, skip> {};
template <typename R>
struct list_of : seq<R, star<comma, R>> {};

// ---------------------------------------------------------------- time literals
struct year4 : seq<rep<4, digit>, not_at<digit>> {};
struct day_num : seq<rep_min_max<1, 2, digit>, not_at<digit>> {};
struct month_num : seq<rep_min_max<1, 2, digit>, not_at<digit>> {};
struct roman_quarter : sor<string<'I', 'V'>, string<'I', 'I', 'I'>, string<'I', 'I'>, one<'I'>> {};
struct digit_quarter : range<'1', '4'> {};
struct expect_quarter_number : seq<sor<roman_quarter, digit_quarter>, not_at<id_char>> {};
struct quarter_year_sep : sor<seq<star<blank>, one<'/'>, star<blank>>, seq<blank1, w_nam, blank1>, blank1> {};
struct expect_quarter_year : seq<quarter_year_sep, year4> {};
struct quarter_kw : sor<seq<w_quy, word_end>, phrase<DONDOC_KW("quarter")>, phrase<DONDOC_KW("Quarter")>> {};
struct quarter_long : seq<quarter_kw, blank1, expect_quarter_number, expect_quarter_year> {};
struct quarter_short : seq<one<'Q'>, digit_quarter, sor<one<'/'>, blank1>, year4> {};
struct quarter_iso : seq<year4, one<'-'>, one<'Q'>, digit_quarter, word_end> {};
struct quarter_point : sor<quarter_long, quarter_short, quarter_iso> {};

struct date_iso : seq<year4, one<'-'>, rep<2, digit>, one<'-'>, rep<2, digit>, not_at<digit>> {};
struct date_dmy : seq<day_num, one<'/'>, month_num, one<'/'>, year4> {};
struct date_dm : seq<day_num, one<'/'>, month_num, not_at<one<'/'>>> {};  // 30/11 (no year)
struct expect_long_date_rest : seq<blank1, w_thang, blank1, month_num, blank1, w_nam, blank1, year4> {};
struct date_long : seq<day_num, at<blank1, w_thang>, expect_long_date_rest> {};
struct day_prefix : seq<w_ngay, blank1> {};
struct expect_day : sor<date_long, date_dmy, date_dm> {};
struct day_point : sor<seq<day_prefix, expect_day>, date_iso, date_dmy, date_dm> {};

struct month_iso : seq<year4, one<'-'>, rep<2, digit>, not_at<digit>> {};
struct month_slash : seq<month_num, one<'/'>, year4> {};
struct expect_month_year : sor<seq<star<blank>, one<'/'>, star<blank>, year4>, seq<blank1, w_nam, blank1, year4>, seq<blank1, year4>> {};
struct month_words : seq<sor<w_thang, DONDOC_KW("month")>, blank1, month_num, expect_month_year> {};
struct month_point : sor<month_words, month_iso, month_slash> {};

struct expect_year : seq<year4> {};
struct year_words : seq<sor<w_nam, DONDOC_KW("year"), DONDOC_KW("Year")>, blank1, expect_year> {};
struct year_bare : year4 {};
struct year_point : sor<year_words, year_bare> {};

// Half a year (dsl/time.cpp): `6 tháng đầu năm 2024`, `6 tháng cuối năm 2024`, `giữa năm 2024` (the
// first half: "by mid-year"), `2024-H1`, `H2/2024`; and `cuối năm 2023` (the end of a year: the year).
struct half_first : DONDOC_KW("đầu") {};
struct half_second : DONDOC_KW("cuối") {};
struct expect_half_year : seq<blank1, year4> {};
struct half_words : seq<sor<DONDOC_KW("6"), DONDOC_KW("sáu"), DONDOC_KW("Sáu")>, blank1, w_thang, blank1, sor<half_first, half_second>,
                        blank1, w_nam, expect_half_year> {};
struct expect_mid_year : seq<blank1, year4> {};
struct mid_year : seq<sor<DONDOC_KW("giữa"), DONDOC_KW("Giữa")>, blank1, w_nam, expect_mid_year> {};
struct half_iso : seq<year4, one<'-'>, one<'H'>, range<'1', '2'>, word_end> {};
struct half_short : seq<one<'H'>, range<'1', '2'>, one<'/'>, year4> {};
struct half_point : sor<half_words, mid_year, half_iso, half_short> {};
struct expect_year_end : seq<blank1, year4> {};
struct year_end : seq<sor<DONDOC_KW("cuối"), DONDOC_KW("Cuối")>, blank1, w_nam, expect_year_end> {};

/// A point of the calendar. Order matters: longer forms first.
struct time_point : sor<half_point, year_end, quarter_point, day_point, month_point, year_point> {};
struct expect_time_point : seq<time_point> {};

// `Giai đoạn 2023 - 2030`, `2022-2030`, `từ năm 2023 đến năm 2030`, `period 2023 to 2030`
struct dash : sor<one<'-'>, utf8::one<0x2013, 0x2014>> {};
struct range_sep : sor<seq<star<blank>, dash, star<blank>>, seq<blank1, sor<w_den, DONDOC_KW("to")>, blank1>> {};
struct period_end : time_point {};
struct expect_period_end : seq<range_sep, period_end> {};
struct period_kw : sor<phrase<sor<DONDOC_KW("Giai"), DONDOC_KW("giai"), DONDOC_KW("GIAI")>, DONDOC_KW("đoạn")>,
                       phrase<sor<DONDOC_KW("Thời"), DONDOC_KW("thời")>, DONDOC_KW("kỳ")>,
                       phrase<sor<DONDOC_KW("Nhiệm"), DONDOC_KW("nhiệm")>, DONDOC_KW("kỳ")>,
                       phrase<sor<DONDOC_KW("period"), DONDOC_KW("Period")>>,
                       seq<sor<w_tu, DONDOC_KW("from"), DONDOC_KW("From")>, word_end>> {};
struct period_start : time_point {};
struct period_words : seq<period_kw, blank1, period_start, expect_period_end> {};
struct period_bare : seq<year4, star<blank>, dash, star<blank>, year4> {};
struct period_expr : sor<period_words, seq<period_bare>> {};

// `Trong thời gian thực hiện Nghị quyết`, `Trong quá trình thực hiện Nghị quyết`, `during the plan`
struct resolution_word : sor<phrase<sor<DONDOC_KW("Nghị"), DONDOC_KW("nghị")>, sor<DONDOC_KW("quyết"), DONDOC_KW("Quyết")>>,
                             phrase<sor<DONDOC_KW("Kế"), DONDOC_KW("kế")>, DONDOC_KW("hoạch")>> {};
struct always_word : sor<phrase<sor<DONDOC_KW("Liên"), DONDOC_KW("liên")>, DONDOC_KW("tục")>, phrase<DONDOC_KW("continuous")>,
                         seq<opt<phrase<sor<DONDOC_KW("Thực"), DONDOC_KW("thực")>, DONDOC_KW("hiện")>, blank1>,
                             phrase<sor<DONDOC_KW("thường"), DONDOC_KW("Thường")>, DONDOC_KW("xuyên")>,
                             opt<blank1, w_hang, blank1, w_nam, word_end>>> {};
struct during_plan : sor<always_word, seq<w_trong, blank1, sor<phrase<DONDOC_KW("quá"), sor<DONDOC_KW("trình"), DONDOC_KW("tình")>>,
                                                  phrase<DONDOC_KW("thời"), DONDOC_KW("gian")>>,
                             opt<blank1, phrase<DONDOC_KW("tổ"), DONDOC_KW("chức")>>, blank1,
                             phrase<DONDOC_KW("thực"), DONDOC_KW("hiện")>, opt<blank1, resolution_word>>,
                         phrase<DONDOC_KW("during"), DONDOC_KW("the"), DONDOC_KW("plan")>, phrase<DONDOC_KW("ongoing")>> {};
struct open_ended : sor<phrase<sor<DONDOC_KW("không"), DONDOC_KW("Không")>, DONDOC_KW("thời"), DONDOC_KW("hạn")>,
                        phrase<DONDOC_KW("open-ended")>, phrase<DONDOC_KW("open"), DONDOC_KW("ended")>> {};

// `trong 30 ngày`, `within 3 months`, `20 ngày làm việc sau khi bắt đầu`, `ngay`
struct unit_working_days : sor<phrase<DONDOC_KW("ngày"), DONDOC_KW("làm"), DONDOC_KW("việc")>,
                               phrase<DONDOC_KW("working"), sor<DONDOC_KW("days"), DONDOC_KW("day")>>> {};
struct unit_days : sor<phrase<DONDOC_KW("ngày")>, phrase<DONDOC_KW("days")>, phrase<DONDOC_KW("day")>> {};
struct unit_months : sor<phrase<DONDOC_KW("tháng")>, phrase<DONDOC_KW("months")>, phrase<DONDOC_KW("month")>> {};
struct time_unit : sor<unit_working_days, unit_days, unit_months> {};
struct after_start : sor<phrase<DONDOC_KW("sau"), DONDOC_KW("khi"), DONDOC_KW("bắt"), DONDOC_KW("đầu")>,
                         phrase<DONDOC_KW("after"), DONDOC_KW("start")>> {};
struct relative_amount : count {};
// `30 ngày sau khi II.3 hoàn thành`, `30 days after II.3`: counted from a task or event, not the trigger.
struct name;
struct due_anchor : seq<name> {};
struct anchor_done : sor<phrase<DONDOC_KW("hoàn"), DONDOC_KW("thành")>, phrase<DONDOC_KW("xảy"), DONDOC_KW("ra")>,
                         phrase<DONDOC_KW("is"), DONDOC_KW("done")>, phrase<DONDOC_KW("happens")>> {};
struct anchor_after : sor<phrase<DONDOC_KW("sau"), DONDOC_KW("khi")>, phrase<DONDOC_KW("sau")>, phrase<DONDOC_KW("after")>> {};
struct after_anchor : seq<anchor_after, blank1, due_anchor, opt<blank1, anchor_done>> {};
struct relative_expr : seq<opt<sor<w_trong, DONDOC_KW("within")>, blank1, opt<DONDOC_KW("vòng"), blank1>>, relative_amount,
                           blank1, time_unit, opt<blank1, sor<after_start, after_anchor>>> {};
struct immediately : sor<phrase<sor<DONDOC_KW("ngay"), DONDOC_KW("Ngay")>>, phrase<DONDOC_KW("immediately")>> {};

struct before_kw : sor<seq<w_truoc, word_end>, phrase<DONDOC_KW("before")>, phrase<DONDOC_KW("Before")>> {};
struct within_kw : sor<seq<w_trong, word_end>, seq<w_vao, word_end>, phrase<DONDOC_KW("within")>, phrase<DONDOC_KW("in")>> {};
struct by_kw : sor<seq<w_den, word_end>, phrase<DONDOC_KW("by")>, phrase<DONDOC_KW("By")>> {};
struct before_expr : seq<before_kw, blank1, expect_time_point> {};
struct within_expr : seq<within_kw, blank1, time_point> {};
struct by_expr : seq<by_kw, blank1, expect_time_point> {};
struct at_expr : seq<time_point> {};

struct kw_complete : sor<phrase<sor<DONDOC_KW("Hoàn"), DONDOC_KW("hoàn")>, DONDOC_KW("thành")>, phrase<sor<DONDOC_KW("complete"), DONDOC_KW("Complete")>>> {};
struct completion_word : seq<kw_complete, blank1> {};
struct kw_aim : sor<phrase<sor<DONDOC_KW("Phấn"), DONDOC_KW("phấn")>, DONDOC_KW("đấu")>, phrase<DONDOC_KW("aim")>> {};
struct aspiration_word : seq<kw_aim, blank1> {};
struct note_char : not_one<')', '\n', '\r'> {};
struct time_note_text : plus<note_char> {};
struct time_note : seq<star<blank>, one<'('>, time_note_text, one<')'>> {};

// `khẩn trương` / `urgent`: urgency with no date, kept as such.
struct urgent : sor<phrase<sor<DONDOC_KW("khẩn"), DONDOC_KW("Khẩn")>, DONDOC_KW("trương")>, phrase<DONDOC_KW("urgent")>,
                    phrase<DONDOC_KW("urgently")>> {};
// `từ quý II/2026`, `from 2026`: not before that point, no due date (a period has its end).
struct from_kw : sor<seq<w_tu, word_end>, phrase<DONDOC_KW("from")>, phrase<DONDOC_KW("From")>> {};
struct from_expr : seq<from_kw, blank1, time_point, not_at<range_sep>> {};
// `Tháng 01 - 02/2026`: months of one year, a period.
struct month_range_first : month_num {};
struct month_range_last : month_num {};
struct expect_month_range_year : seq<one<'/'>, year4> {};
struct month_range : seq<sor<w_thang, DONDOC_KW("month")>, blank1, month_range_first, star<blank>, dash, star<blank>, month_range_last,
                         expect_month_range_year> {};
// `Phiên họp tháng 9/2026`, `kỳ họp cuối năm 2026`: a meeting of a council is the deadline; due at
// the end of the time named (its exact day is not known in advance).
struct meeting_kw : sor<phrase<sor<DONDOC_KW("Phiên"), DONDOC_KW("phiên")>, DONDOC_KW("họp")>,
                        phrase<sor<DONDOC_KW("Kỳ"), DONDOC_KW("kỳ"), DONDOC_KW("Kì"), DONDOC_KW("kì")>, DONDOC_KW("họp")>,
                        phrase<DONDOC_KW("meeting")>> {};
struct expect_meeting_time : seq<time_point> {};
struct meeting_expr : seq<meeting_kw, blank1, expect_meeting_time> {};
struct half_at : seq<half_point> {};  // before `relative_expr`, which would read `6 tháng` as six months

struct time_begin : success {};
struct time_core : sor<during_plan, open_ended, urgent, immediately, half_at, meeting_expr, month_range, relative_expr, from_expr,
                       period_expr, before_expr, within_expr, by_expr, at_expr> {};
/// A time phrase this grammar does not know goes on with a time word (`6 tháng đầu…`, `cuối quý…`).
struct time_word : sor<w_nam, w_thang, w_quy, w_ngay, DONDOC_KW("đầu"), DONDOC_KW("cuối"), DONDOC_KW("giữa")> {};
struct expect_time_end : not_at<time_word, word_end> {};
struct time_expr : seq<time_begin, sor<seq<completion_word, opt<aspiration_word>>, seq<aspiration_word, opt<completion_word>>, success>,
                       time_core, star<blank>, expect_time_end, opt<time_note>> {};

// Recurrence: `định kỳ hằng năm (trước ngày 30/11)`, `every quarter before day 20`, `vào các năm 2025, 2030`
struct freq_yearly : sor<seq<w_hang, blank1, w_nam>, phrase<DONDOC_KW("year")>, phrase<DONDOC_KW("yearly")>> {};
struct freq_half : sor<phrase<sor<DONDOC_KW("6"), DONDOC_KW("sáu")>, DONDOC_KW("tháng")>, phrase<DONDOC_KW("six"), DONDOC_KW("months")>,
                       phrase<DONDOC_KW("half-yearly")>> {};
struct freq_quarterly : sor<seq<w_hang, blank1, w_quy>, phrase<DONDOC_KW("quarter")>, phrase<DONDOC_KW("quarterly")>> {};
struct freq_monthly : sor<seq<w_hang, blank1, w_thang>, phrase<DONDOC_KW("month")>, phrase<DONDOC_KW("monthly")>> {};
struct fixed_year : year4 {};
struct kw_in_years : sor<phrase<w_vao, DONDOC_KW("các"), w_nam>, phrase<DONDOC_KW("in"), DONDOC_KW("years")>> {};
struct freq_years : seq<kw_in_years, blank1, list_of<fixed_year>> {};
struct recur_freq : sor<freq_years, freq_yearly, freq_half, freq_quarterly, freq_monthly> {};
struct anchor_before : before_kw {};
struct anchor_on : sor<seq<w_vao, word_end>, phrase<DONDOC_KW("on")>> {};
struct anchor_day : seq<day_num, opt<one<'/'>, month_num>> {};
struct expect_anchor_day : seq<opt<sor<w_ngay, DONDOC_KW("day")>, blank1>, anchor_day> {};
struct recur_anchor : seq<sor<anchor_before, anchor_on>, blank1, expect_anchor_day> {};
struct recur_begin : success {};
struct recur_kw : sor<phrase<sor<DONDOC_KW("định"), DONDOC_KW("Định")>, DONDOC_KW("kỳ")>, phrase<DONDOC_KW("every")>, phrase<DONDOC_KW("Every")>> {};
struct recurrence : seq<recur_begin, opt<recur_kw, blank1>, recur_freq,
                        opt<sor<seq<star<blank>, one<'('>, star<blank>, recur_anchor, star<blank>, one<')'>>, seq<blank1, recur_anchor>>>> {};

// ---------------------------------------------------------------- shared clause parts
struct decl_id : name_token {};
struct expect_decl_id : seq<decl_id> {};
struct decl_title : string_lit {};
struct expect_decl_title : seq<decl_title> {};
/// First words of keywords: after a comma in a list of ids, one of these means the list ended
/// with a stray comma (`phối hợp SXD,` then `sản phẩm …` on the next line).
struct reserved_word : sor<phrase<sor<DONDOC_KW("nội"), DONDOC_KW("chủ"), DONDOC_KW("phối"), DONDOC_KW("sản"), DONDOC_KW("thời"), DONDOC_KW("bắt"),
                                      DONDOC_KW("phụ"), DONDOC_KW("dừng"), DONDOC_KW("đôn"), DONDOC_KW("nguồn"), DONDOC_KW("ghi"), DONDOC_KW("sau"),
                                      DONDOC_KW("dự"), DONDOC_KW("theo"), DONDOC_KW("định"), DONDOC_KW("hằng"), DONDOC_KW("hàng"), DONDOC_KW("giai"),
                                      DONDOC_KW("thực"), DONDOC_KW("gửi"), DONDOC_KW("đơn"), DONDOC_KW("mục"), DONDOC_KW("cơ"), DONDOC_KW("lộ"),
                                      DONDOC_KW("thuộc"), DONDOC_KW("nhắc"), DONDOC_KW("cấp"), DONDOC_KW("quá"), DONDOC_KW("báo"), DONDOC_KW("sự"),
                                      DONDOC_KW("gộp"), DONDOC_KW("nghỉ"), DONDOC_KW("làm"), DONDOC_KW("nhiệm"), DONDOC_KW("nghĩa"), DONDOC_KW("chỉ"),
                                      DONDOC_KW("quy"), DONDOC_KW("nhóm"), DONDOC_KW("tên"), DONDOC_KW("gồm"), DONDOC_KW("ngày"), DONDOC_KW("mẫu"), DONDOC_KW("đồng"), DONDOC_KW("qua")>>,
                           phrase<sor<DONDOC_KW("content"), DONDOC_KW("lead"), DONDOC_KW("support"), DONDOC_KW("deliverable"), DONDOC_KW("due"),
                                      DONDOC_KW("starts"), DONDOC_KW("depends"), DONDOC_KW("duration"), DONDOC_KW("waived"), DONDOC_KW("escalation"),
                                      DONDOC_KW("source"), DONDOC_KW("note"), DONDOC_KW("after"), DONDOC_KW("expected"), DONDOC_KW("followed"),
                                      DONDOC_KW("every"), DONDOC_KW("period"), DONDOC_KW("unit"), DONDOC_KW("target"), DONDOC_KW("baseline"),
                                      DONDOC_KW("trajectory"), DONDOC_KW("owners"), DONDOC_KW("owner"), DONDOC_KW("part"), DONDOC_KW("remind"),
                                      DONDOC_KW("level"), DONDOC_KW("task"), DONDOC_KW("event"), DONDOC_KW("duty"), DONDOC_KW("indicator"),
                                      DONDOC_KW("section"), DONDOC_KW("agency"), DONDOC_KW("group"), DONDOC_KW("members"), DONDOC_KW("alias"),
                                      DONDOC_KW("reports"), DONDOC_KW("include"), DONDOC_KW("waive"), DONDOC_KW("holidays"), DONDOC_KW("plan"),
                                      DONDOC_KW("template"), DONDOC_KW("copy"), DONDOC_KW("passes"), DONDOC_KW("via")>>> {};
struct name : seq<not_at<reserved_word>, name_token> {};  // a keyword is not an id: `chủ trì` alone, then `phối hợp …`
struct expect_name_after_comma : seq<name> {};
struct name_list : seq<name, star<comma, expect_name_after_comma>> {};
struct expect_name : seq<name> {};
struct expect_names : seq<name_list> {};
struct expect_string : seq<string_lit> {};
struct expect_email : seq<string_lit> {};
struct open_brace : one<'{'> {};
struct expect_open_brace : seq<open_brace> {};

struct kw_source : sor<phrase<DONDOC_KW("nguồn")>, phrase<DONDOC_KW("source")>> {};
struct kw_note : sor<phrase<DONDOC_KW("ghi"), DONDOC_KW("chú")>, phrase<DONDOC_KW("note")>> {};
struct kw_escalation : sor<phrase<DONDOC_KW("đôn"), DONDOC_KW("đốc")>, phrase<DONDOC_KW("escalation")>> {};
struct kw_none : sor<phrase<DONDOC_KW("không")>, phrase<DONDOC_KW("none")>> {};
struct source_clause : seq<kw_source, skip, expect_string> {};
struct note_clause : seq<kw_note, skip, expect_string> {};
struct escalation_none : kw_none {};
struct expect_policy : sor<escalation_none, name> {};
struct escalation_clause : seq<kw_escalation, skip, expect_policy> {};

// ---------------------------------------------------------------- plan header
struct kw_plan : sor<phrase<DONDOC_KW("kế"), DONDOC_KW("hoạch")>, phrase<DONDOC_KW("plan")>> {};
struct date_value : time_point {};
struct expect_date : seq<date_value> {};
struct horizon_year : year4 {};
struct expect_horizon_year : seq<horizon_year> {};
struct reading_strict : sor<phrase<DONDOC_KW("chặt")>, phrase<DONDOC_KW("strict")>> {};
struct reading_lenient : sor<phrase<DONDOC_KW("rộng")>, phrase<DONDOC_KW("lenient")>> {};
struct expect_reading : sor<reading_strict, reading_lenient> {};
struct due_soon_days : count {};
struct expect_due_soon_days : seq<due_soon_days, blank1, unit_days> {};
struct kw_number : sor<phrase<DONDOC_KW("số")>, phrase<DONDOC_KW("number")>> {};
struct plan_number : seq<kw_number, skip, expect_string> {};
struct kw_issued : sor<phrase<DONDOC_KW("ban"), DONDOC_KW("hành")>, phrase<DONDOC_KW("issued")>> {};
struct plan_issued : seq<kw_issued, skip, expect_date> {};
struct kw_effective : sor<phrase<DONDOC_KW("hiệu"), DONDOC_KW("lực")>, phrase<DONDOC_KW("effective")>> {};
struct plan_effective : seq<kw_effective, skip, expect_date> {};
struct kw_horizon : sor<phrase<DONDOC_KW("đến"), DONDOC_KW("năm")>, phrase<DONDOC_KW("horizon")>> {};
struct plan_horizon : seq<kw_horizon, skip, expect_horizon_year> {};
struct kw_timezone : sor<phrase<DONDOC_KW("múi"), DONDOC_KW("giờ")>, phrase<DONDOC_KW("timezone")>> {};
struct plan_timezone : seq<kw_timezone, skip, expect_string> {};
struct kw_reading : sor<phrase<DONDOC_KW("cách"), DONDOC_KW("hiểu")>, phrase<DONDOC_KW("reading")>> {};
struct plan_reading : seq<kw_reading, skip, expect_reading> {};
struct kw_due_soon : sor<phrase<DONDOC_KW("sắp"), DONDOC_KW("đến"), DONDOC_KW("hạn")>, phrase<DONDOC_KW("due"), DONDOC_KW("soon")>> {};
struct plan_due_soon : seq<kw_due_soon, skip, expect_due_soon_days> {};
struct kw_issued_by : sor<phrase<DONDOC_KW("cơ"), DONDOC_KW("quan"), DONDOC_KW("ban"), DONDOC_KW("hành")>, phrase<DONDOC_KW("issued"), DONDOC_KW("by")>> {};
struct plan_owner : seq<kw_issued_by, skip, expect_name> {};
struct kw_follow_up : sor<phrase<DONDOC_KW("theo"), DONDOC_KW("dõi")>, phrase<DONDOC_KW("follow-up")>,
                          phrase<DONDOC_KW("followed"), DONDOC_KW("up"), DONDOC_KW("by")>> {};
struct plan_follow_up : seq<kw_follow_up, skip, expect_name> {};
struct kw_basis : sor<phrase<DONDOC_KW("căn"), DONDOC_KW("cứ")>, phrase<DONDOC_KW("basis")>> {};
struct plan_basis : seq<kw_basis, skip, expect_string> {};
struct kw_duty_day : sor<phrase<DONDOC_KW("hạn"), DONDOC_KW("nghĩa"), DONDOC_KW("vụ")>, phrase<DONDOC_KW("duties"), DONDOC_KW("due")>> {};
struct expect_duty_day : seq<recurrence> {};
struct plan_duty_day : seq<kw_duty_day, skip, expect_duty_day> {};
struct plan_clause : sor<plan_number, plan_owner, plan_issued, plan_effective, plan_horizon, plan_timezone, plan_reading, plan_due_soon,
                         plan_duty_day, plan_follow_up, plan_basis, escalation_clause, source_clause, note_clause> {};

// ---------------------------------------------------------------- agencies and groups
struct agency_external : sor<phrase<DONDOC_KW("cơ"), DONDOC_KW("quan"), DONDOC_KW("ngoài")>, phrase<DONDOC_KW("external"), DONDOC_KW("agency")>> {};
struct agency_internal : sor<seq<phrase<DONDOC_KW("cơ"), DONDOC_KW("quan")>, not_at<blank1, DONDOC_KW("ban")>>, phrase<DONDOC_KW("agency")>> {};
struct kw_agency : sor<agency_external, agency_internal> {};
struct kw_reports_to : sor<phrase<DONDOC_KW("cấp"), DONDOC_KW("trên")>, phrase<DONDOC_KW("reports"), DONDOC_KW("to")>> {};
struct agency_reports_to : seq<kw_reports_to, skip, expect_name> {};
struct kw_alias : sor<phrase<DONDOC_KW("tên"), DONDOC_KW("khác")>, phrase<DONDOC_KW("alias")>> {};
struct agency_alias : seq<kw_alias, skip, expect_string> {};
struct kw_email : sor<phrase<DONDOC_KW("thư"), DONDOC_KW("điện"), DONDOC_KW("tử")>, phrase<DONDOC_KW("email")>> {};
struct agency_email : seq<kw_email, skip, expect_email> {};
// `chấm dứt 01/03/2025 hợp nhất vào STC theo "Quyết định số …"`: the agency ends on that day; what it
// was given goes to its successors. `chia cho A, B` (split), `giải thể, giao A` (abolished).
struct end_merged : sor<phrase<DONDOC_KW("hợp"), DONDOC_KW("nhất"), DONDOC_KW("vào")>, phrase<DONDOC_KW("merged"), DONDOC_KW("into")>> {};
struct end_split : sor<phrase<DONDOC_KW("chia"), DONDOC_KW("cho")>, phrase<DONDOC_KW("split"), DONDOC_KW("into")>> {};
struct end_abolished : sor<seq<DONDOC_KW("giải"), blank1, DONDOC_KW("thể"), opt<one<','>>, blank1, DONDOC_KW("giao"), word_end>,
                           seq<DONDOC_KW("abolished"), opt<one<','>>, blank1, DONDOC_KW("duties"), blank1, DONDOC_KW("to"), word_end>> {};
struct expect_end_how : sor<end_merged, end_split, end_abolished> {};
struct kw_by_document : sor<phrase<DONDOC_KW("theo")>, phrase<DONDOC_KW("by")>> {};
struct end_doc : seq<kw_by_document, skip, expect_string> {};
struct expect_end_doc : seq<end_doc> {};
struct kw_ends : sor<phrase<DONDOC_KW("chấm"), DONDOC_KW("dứt")>, phrase<DONDOC_KW("ends")>> {};
struct agency_ends : seq<kw_ends, skip, expect_date, blank1, expect_end_how, skip, expect_names, skip, expect_end_doc> {};
struct agency_clause : sor<agency_reports_to, agency_alias, agency_email, agency_ends, note_clause> {};

struct kw_group : sor<phrase<DONDOC_KW("nhóm")>, phrase<DONDOC_KW("group")>> {};
struct kw_members : sor<phrase<DONDOC_KW("gồm")>, phrase<DONDOC_KW("members")>> {};
struct group_members : seq<kw_members, skip, expect_names> {};
struct group_clause : sor<group_members, note_clause> {};

// ---------------------------------------------------------------- tasks
struct kw_after : sor<phrase<DONDOC_KW("sau")>, phrase<DONDOC_KW("after")>> {};
struct kw_task : sor<phrase<w_nhiem, w_vu>, phrase<DONDOC_KW("task")>> {};
struct kw_content : sor<phrase<DONDOC_KW("nội"), DONDOC_KW("dung")>, phrase<DONDOC_KW("content")>> {};
struct task_content : seq<kw_content, skip, expect_string> {};
struct kw_lead : sor<phrase<DONDOC_KW("chủ"), DONDOC_KW("trì")>, phrase<DONDOC_KW("lead")>> {};
struct task_lead : seq<kw_lead, skip, expect_names> {};
struct kw_support : sor<phrase<DONDOC_KW("phối"), DONDOC_KW("hợp")>, phrase<DONDOC_KW("support")>> {};
struct task_support : seq<kw_support, skip, expect_names> {};
struct kw_deliverable : sor<phrase<DONDOC_KW("sản"), DONDOC_KW("phẩm")>, phrase<DONDOC_KW("deliverable")>> {};
struct deliverable_clause : seq<kw_deliverable, skip, expect_string> {};
struct expect_due_time : seq<time_expr> {};
struct kw_per : sor<phrase<DONDOC_KW("theo")>, phrase<DONDOC_KW("per")>> {};
struct due_per : seq<skip, kw_per, skip, expect_string> {};
struct kw_due : sor<phrase<DONDOC_KW("thời"), DONDOC_KW("hạn")>, phrase<DONDOC_KW("due")>> {};
struct task_due : seq<kw_due, skip, expect_due_time, opt<due_per>> {};
struct kw_all_of : sor<phrase<DONDOC_KW("tất"), DONDOC_KW("cả")>, phrase<DONDOC_KW("all"), DONDOC_KW("of")>> {};
struct trigger_all : seq<kw_all_of, skip, expect_names> {};
struct kw_any_of : sor<phrase<DONDOC_KW("một"), DONDOC_KW("trong")>, phrase<DONDOC_KW("any"), DONDOC_KW("of")>> {};
struct trigger_any : seq<kw_any_of, skip, expect_names> {};
struct trigger_one : seq<name> {};
struct expect_trigger : sor<trigger_all, trigger_any, trigger_one> {};
struct kw_starts_after : sor<phrase<DONDOC_KW("bắt"), DONDOC_KW("đầu"), DONDOC_KW("sau")>, phrase<DONDOC_KW("starts"), DONDOC_KW("after")>> {};
// `bắt đầu 30 ngày sau II.3` / `starts 30 days after II.3`: a lag after the trigger.
struct kw_starts : sor<phrase<DONDOC_KW("bắt"), DONDOC_KW("đầu")>, phrase<DONDOC_KW("starts")>> {};
struct lag_amount : count {};
struct expect_lag : seq<time_unit, blank1, kw_after> {};
struct trigger_begin : success {};
struct task_trigger : seq<trigger_begin, sor<seq<kw_starts_after, skip, expect_trigger>,
                                             seq<kw_starts, blank1, lag_amount, blank1, expect_lag, skip, expect_trigger>>> {};
struct kw_depends_on : sor<phrase<DONDOC_KW("phụ"), DONDOC_KW("thuộc")>, phrase<DONDOC_KW("depends"), DONDOC_KW("on")>> {};
struct task_depends : seq<kw_depends_on, skip, expect_names> {};
struct duration_amount : count {};
struct expect_duration : seq<duration_amount, blank1, time_unit> {};
struct kw_duration : sor<phrase<DONDOC_KW("thời"), DONDOC_KW("lượng")>, phrase<DONDOC_KW("duration")>> {};
struct task_duration : seq<kw_duration, skip, expect_duration> {};
struct kw_reason : sor<phrase<DONDOC_KW("lý"), DONDOC_KW("do")>, phrase<DONDOC_KW("reason")>> {};
struct waiver_reason : seq<skip, kw_reason, skip, expect_string> {};
struct waiver_doc : seq<expect_string> {};
struct kw_waived_by : sor<phrase<DONDOC_KW("dừng"), DONDOC_KW("theo")>, phrase<DONDOC_KW("waived"), DONDOC_KW("by")>> {};
struct task_waived : seq<kw_waived_by, skip, waiver_doc, opt<waiver_reason>> {};
struct target_clause;  // indicators, below: a task may have a target too
struct unit_clause;
// `gửi A, B qua C` / `to A, B via C` and `đồng gửi D` / `copy to D`: to whom the product goes (tasks and duties).
struct send_via_name : seq<name> {};
struct expect_via_name : seq<send_via_name> {};
struct kw_via : sor<phrase<DONDOC_KW("qua")>, phrase<DONDOC_KW("via")>> {};
struct send_via : seq<skip, kw_via, skip, expect_via_name> {};
struct expect_to_name : seq<name_list> {};
struct kw_to : sor<phrase<DONDOC_KW("gửi")>, phrase<DONDOC_KW("to")>> {};
struct send_to : seq<kw_to, skip, expect_to_name, opt<send_via>> {};
struct expect_copy_names : seq<name_list> {};
struct kw_copy_to : sor<phrase<DONDOC_KW("đồng"), DONDOC_KW("gửi")>, phrase<DONDOC_KW("copy"), DONDOC_KW("to")>> {};
struct send_copy : seq<kw_copy_to, skip, expect_copy_names> {};
// `cấp trình CP (dự kiến Quý III/2024), QH` / `passes CP (expected 2024-Q3), QH`: the bodies the product passes in turn.
struct kw_expected : sor<phrase<DONDOC_KW("dự"), DONDOC_KW("kiến")>, phrase<DONDOC_KW("expected")>> {};
struct expect_expected_time : seq<time_expr> {};
struct passage_body : seq<name> {};
struct expect_passage_body : seq<passage_body> {};
struct passage_expected : seq<kw_expected, skip, expect_expected_time> {};
struct expect_passage_expected : seq<passage_expected> {};
struct expect_passage_close : one<')'> {};
struct passage_when : seq<star<blank>, one<'('>, star<blank>, expect_passage_expected, star<blank>, expect_passage_close> {};
struct passage : seq<expect_passage_body, opt<passage_when>> {};
struct kw_passes : sor<phrase<DONDOC_KW("cấp"), DONDOC_KW("trình")>, phrase<DONDOC_KW("passes")>> {};
struct task_passes : seq<kw_passes, skip, passage, star<comma, passage>> {};
struct task_clause : sor<task_content, task_lead, task_support, deliverable_clause, task_due, task_trigger, task_depends, task_duration,
                         task_waived, send_to, send_copy, task_passes, target_clause, unit_clause, escalation_clause, source_clause,
                         note_clause> {};

// ---------------------------------------------------------------- events
struct kw_event : sor<seq<phrase<DONDOC_KW("sự"), DONDOC_KW("kiện")>, not_at<blank1, DONDOC_KW("chậm")>>,
                      seq<phrase<DONDOC_KW("event")>, not_at<blank1, DONDOC_KW("late")>>> {};
struct event_after : seq<kw_after, skip, expect_names> {};
struct event_expected : seq<kw_expected, skip, expect_expected_time> {};
struct event_follow_up : seq<kw_follow_up, skip, expect_name> {};
struct event_clause : sor<event_after, event_expected, event_follow_up, source_clause, note_clause> {};

// ---------------------------------------------------------------- recurring duties
struct kw_duty : sor<phrase<DONDOC_KW("nghĩa"), DONDOC_KW("vụ")>, phrase<DONDOC_KW("duty")>> {};
struct duty_every : seq<recurrence> {};
struct duty_period : seq<time_begin, period_expr> {};
struct all_leads : sor<phrase<DONDOC_KW("các"), DONDOC_KW("đơn"), DONDOC_KW("vị"), DONDOC_KW("chủ"), DONDOC_KW("trì")>,
                       phrase<DONDOC_KW("all"), DONDOC_KW("leads")>> {};
struct expect_duty_by : sor<all_leads, name_list> {};
struct kw_duty_by : sor<phrase<DONDOC_KW("thực"), DONDOC_KW("hiện")>, phrase<DONDOC_KW("by")>> {};
struct duty_by : seq<kw_duty_by, skip, expect_duty_by> {};
struct duty_due : seq<kw_due, skip, expect_due_time> {};
struct duty_clause
    : sor<duty_every, duty_due, duty_period, duty_by, send_to, send_copy, deliverable_clause, escalation_clause, source_clause, note_clause> {};

// ---------------------------------------------------------------- indicators
struct kw_indicator : sor<phrase<DONDOC_KW("chỉ"), DONDOC_KW("tiêu")>, phrase<DONDOC_KW("indicator")>> {};
struct cmp_ge : sor<string<'>', '='>, utf8::one<0x2265>> {};
struct cmp_le : sor<string<'<', '='>, utf8::one<0x2264>> {};
struct cmp_gt : one<'>'> {};
struct cmp_lt : one<'<'> {};
struct cmp_eq : one<'='> {};
struct comparator : sor<cmp_ge, cmp_le, cmp_gt, cmp_lt, cmp_eq> {};
struct target_value : seq<number> {};
struct target_max : seq<number> {};
struct expect_target_max : seq<target_max> {};
struct range_word : sor<phrase<DONDOC_KW("đến")>, phrase<DONDOC_KW("and")>, phrase<DONDOC_KW("to")>> {};
struct target_range : seq<opt<sor<phrase<DONDOC_KW("từ")>, phrase<DONDOC_KW("between")>>, skip>, target_value, star<blank>,
                          sor<dash, range_word>, star<blank>, expect_target_max> {};
struct target_cmp : seq<comparator, star<blank>, target_value> {};
struct target_year : year4 {};
struct expect_target_year : seq<target_year> {};
struct target_in : seq<blank1, sor<w_nam, phrase<DONDOC_KW("in")>, phrase<DONDOC_KW("by")>>, blank1, expect_target_year> {};
struct target_every_year : sor<seq<w_hang, blank1, w_nam>, phrase<DONDOC_KW("every"), DONDOC_KW("year")>> {};
struct target_tolerance : seq<number> {};
struct expect_target_tolerance : seq<target_tolerance> {};
struct kw_tolerance : sor<phrase<DONDOC_KW("sai"), DONDOC_KW("số")>, phrase<DONDOC_KW("within")>> {};
struct target_within : seq<blank1, kw_tolerance, star<blank>, expect_target_tolerance> {};
struct kw_in_year : sor<w_nam, DONDOC_KW("in")> {};
// `khoảng 54,5` / `about 54.5`: an exact target met within a tolerance.
struct kw_about : sor<phrase<DONDOC_KW("khoảng")>, phrase<DONDOC_KW("about")>> {};
struct target_about : seq<kw_about, blank1> {};
// What a period target measures: `bình quân`, `tổng`, `giảm bình quân` (written before the value).
struct measure_average_decrease
    : sor<phrase<DONDOC_KW("giảm"), DONDOC_KW("bình"), DONDOC_KW("quân")>, phrase<DONDOC_KW("average"), DONDOC_KW("decrease")>> {};
struct measure_average : sor<phrase<DONDOC_KW("bình"), DONDOC_KW("quân")>, phrase<DONDOC_KW("average")>> {};
struct measure_total : sor<phrase<DONDOC_KW("tổng")>, phrase<DONDOC_KW("total")>> {};
struct target_measure : seq<sor<measure_average_decrease, measure_average, measure_total>, blank1> {};
// `giai đoạn 2021 - 2030` / `over 2021 - 2030`: the period of an average or a total.
struct period_first : year4 {};
struct period_last : year4 {};
struct expect_period_years : seq<period_first, star<blank>, sor<dash, range_word>, star<blank>, period_last> {};
struct kw_over_period : sor<phrase<DONDOC_KW("giai"), DONDOC_KW("đoạn")>, phrase<DONDOC_KW("over")>> {};
struct target_period : seq<blank1, kw_over_period, blank1, expect_period_years> {};
// An increment on an earlier year's value: `tăng thêm 5 so với năm 2020`, `gấp 2 lần năm 2020`.
struct change_up : sor<phrase<DONDOC_KW("tăng"), DONDOC_KW("thêm")>, phrase<DONDOC_KW("up")>> {};
struct change_down : sor<phrase<DONDOC_KW("giảm")>, phrase<DONDOC_KW("down")>> {};
struct change_amount : seq<number> {};
struct expect_change_amount : seq<change_amount> {};
struct change_year : year4 {};
struct kw_compared : sor<phrase<DONDOC_KW("so"), DONDOC_KW("với")>, phrase<DONDOC_KW("from")>> {};
struct expect_change_from : seq<kw_compared, blank1, opt<kw_in_year, blank1>, change_year> {};
struct target_change : seq<sor<change_up, change_down>, blank1, expect_change_amount, blank1, expect_change_from> {};
struct expect_times_of : seq<opt<kw_compared, blank1>, opt<kw_in_year, blank1>, change_year> {};
struct kw_times : sor<phrase<DONDOC_KW("gấp")>, phrase<DONDOC_KW("times")>> {};
struct expect_times_word : phrase<DONDOC_KW("lần")> {};
struct target_times : sor<seq<kw_times, blank1, expect_change_amount, blank1, expect_times_word, blank1, expect_times_of>,
                          seq<change_amount, blank1, kw_times, blank1, expect_times_of>> {};
struct target_form : sor<target_change, target_times, target_cmp, target_range, target_value> {};
struct expect_target : seq<opt<sor<target_about, target_measure>>, target_form,
                           opt<sor<seq<blank1, target_every_year>, target_in, target_period>>, opt<target_within>> {};
// `, ≥ 2 năm 2030` after a target: a further milestone; the last one written is the target.
struct target_step : seq<sor<target_cmp, target_range, target_value>, target_in> {};
struct kw_target : sor<phrase<DONDOC_KW("mục"), DONDOC_KW("tiêu")>, phrase<DONDOC_KW("target")>> {};
struct target_clause : seq<kw_target, skip, expect_target, star<comma, target_step>> {};
struct kw_unit : sor<phrase<DONDOC_KW("đơn"), DONDOC_KW("vị"), DONDOC_KW("tính")>, phrase<DONDOC_KW("unit")>> {};
struct unit_clause : seq<kw_unit, skip, expect_string> {};
struct year_value_year : year4 {};
struct year_value_number : seq<number> {};
struct expect_year_value_number : seq<year_value_number> {};
struct year_value_max : seq<number> {};
struct expect_year_value_max : seq<year_value_max> {};
struct year_value_range : seq<star<blank>, sor<dash, range_word>, star<blank>, expect_year_value_max> {};
struct year_value
    : seq<opt<kw_in_year, blank1>, year_value_year, star<blank>, one<':'>, star<blank>, expect_year_value_number, opt<year_value_range>> {};
struct expect_year_value : seq<year_value> {};
struct baseline_value : seq<number> {};
struct expect_baseline_value : seq<baseline_value> {};
struct expect_baseline_year : seq<blank1, kw_in_year, blank1, year_value_year> {};
struct kw_baseline : sor<phrase<DONDOC_KW("cơ"), DONDOC_KW("sở")>, phrase<DONDOC_KW("baseline")>> {};
struct indicator_baseline : seq<kw_baseline, skip, expect_baseline_value, expect_baseline_year> {};
struct trajectory_item : seq<year_value> {};
struct kw_trajectory : sor<phrase<DONDOC_KW("lộ"), DONDOC_KW("trình")>, phrase<DONDOC_KW("trajectory")>> {};
struct indicator_trajectory : seq<kw_trajectory, skip, expect_year_value, star<comma, trajectory_item>> {};
struct kw_owners : sor<phrase<DONDOC_KW("phụ"), DONDOC_KW("trách")>, phrase<DONDOC_KW("owners")>, phrase<DONDOC_KW("owner")>> {};
struct indicator_owners : seq<kw_owners, skip, expect_names> {};
struct kw_part_of : sor<phrase<DONDOC_KW("thuộc")>, phrase<DONDOC_KW("part"), DONDOC_KW("of")>> {};
struct indicator_part_of : seq<kw_part_of, skip, expect_name> {};
struct indicator_clause : sor<target_clause, unit_clause, indicator_baseline, indicator_trajectory, indicator_owners, indicator_part_of,
                              source_clause, note_clause> {};

// ---------------------------------------------------------------- escalation policies
struct kw_policy : sor<phrase<DONDOC_KW("quy"), DONDOC_KW("trình"), DONDOC_KW("đôn"), DONDOC_KW("đốc")>,
                       phrase<DONDOC_KW("escalation"), DONDOC_KW("policy")>> {};
struct to_lead : kw_lead {};
struct to_support : kw_support {};
struct to_follow_up : sor<phrase<DONDOC_KW("đơn"), DONDOC_KW("vị"), DONDOC_KW("theo"), DONDOC_KW("dõi")>, phrase<DONDOC_KW("follow-up")>> {};
struct to_agency : seq<name> {};
struct recipient : sor<to_lead, to_support, to_follow_up, to_agency> {};
struct expect_recipients : list_of<recipient> {};
struct kw_send_to : kw_to {};
struct expect_send_to : seq<kw_send_to, skip, expect_recipients> {};
struct step_days : count {};
struct expect_step_days : seq<step_days, blank1, unit_days> {};
struct repeat_days : count {};
struct expect_repeat_days : seq<repeat_days, blank1, unit_days> {};
struct kw_repeat : sor<phrase<DONDOC_KW("lặp"), DONDOC_KW("lại")>, phrase<DONDOC_KW("repeat"), DONDOC_KW("every")>> {};
struct step_repeat : seq<skip, kw_repeat, skip, expect_repeat_days> {};
// `nhắc trước 7 ngày gửi chủ trì` / `remind 7 days before due to lead`
struct remind_vi : phrase<DONDOC_KW("nhắc"), DONDOC_KW("trước")> {};
struct remind_en : phrase<DONDOC_KW("remind")> {};
struct kw_remind : sor<remind_vi, remind_en> {};  // the keyword alone, for the keyword table
struct step_remind_before : seq<sor<seq<remind_vi, skip, expect_step_days>,
                                    seq<remind_en, skip, step_days, blank1, unit_days, blank1,
                                        phrase<DONDOC_KW("before"), DONDOC_KW("due")>>>,
                                skip, expect_send_to, opt<step_repeat>> {};
struct kw_remind_on_due : sor<phrase<DONDOC_KW("nhắc"), DONDOC_KW("đúng"), DONDOC_KW("hạn")>, phrase<DONDOC_KW("remind"), DONDOC_KW("on"), DONDOC_KW("due")>> {};
struct step_remind_on_due : seq<kw_remind_on_due, skip, expect_send_to> {};
struct level_number : count {};
struct expect_level_number : seq<level_number> {};
struct level_label : string_lit {};
struct after_due : sor<phrase<DONDOC_KW("sau"), DONDOC_KW("hạn")>, phrase<DONDOC_KW("after"), DONDOC_KW("due")>> {};
struct expect_level_delay : sor<seq<after_due, skip, expect_step_days>, seq<step_days, blank1, unit_days, blank1, after_due>> {};
struct kw_level : sor<phrase<DONDOC_KW("cấp")>, phrase<DONDOC_KW("level")>> {};
struct step_level : seq<kw_level, skip, expect_level_number, skip, opt<level_label, skip>, expect_level_delay, skip, expect_send_to, opt<step_repeat>> {};
struct kw_long_overdue : sor<phrase<DONDOC_KW("quá"), DONDOC_KW("hạn"), DONDOC_KW("kéo"), DONDOC_KW("dài")>, phrase<DONDOC_KW("long"), DONDOC_KW("overdue")>> {};
struct step_long_overdue : seq<kw_long_overdue, skip, opt<level_label, skip>, opt<step_days, blank1, unit_days, skip>, expect_send_to, opt<step_repeat>> {};
struct kw_report_missed : sor<phrase<DONDOC_KW("báo"), DONDOC_KW("cáo"), DONDOC_KW("chậm")>, phrase<DONDOC_KW("report"), DONDOC_KW("missed")>> {};
struct step_report_missed : seq<kw_report_missed, skip, expect_step_days, skip, expect_send_to, opt<step_repeat>> {};
struct kw_event_late : sor<phrase<DONDOC_KW("sự"), DONDOC_KW("kiện"), DONDOC_KW("chậm")>, phrase<DONDOC_KW("event"), DONDOC_KW("late")>> {};
struct step_event_late : seq<kw_event_late, skip, expect_step_days, skip, expect_send_to, opt<step_repeat>> {};
struct policy_digest : sor<phrase<DONDOC_KW("gộp"), DONDOC_KW("theo"), DONDOC_KW("ngày")>, phrase<DONDOC_KW("daily"), DONDOC_KW("digest")>> {};
// `mẫu "…"` / `template en "…"`: the message text of the step written just before it
struct template_lang_vi : phrase<DONDOC_KW("vi")> {};
struct template_lang_en : phrase<DONDOC_KW("en")> {};
struct template_text : string_lit {};
struct expect_template_text : seq<template_text> {};
struct kw_template : sor<phrase<DONDOC_KW("mẫu")>, phrase<DONDOC_KW("template")>> {};
struct step_template : seq<kw_template, skip, opt<sor<template_lang_vi, template_lang_en>, skip>, expect_template_text> {};
struct policy_clause : sor<step_remind_before, step_remind_on_due, step_level, step_long_overdue, step_report_missed, step_event_late,
                           step_template, policy_digest> {};

// ---------------------------------------------------------------- waivers, holidays, includes
struct kw_waive : sor<seq<phrase<DONDOC_KW("dừng")>, not_at<blank1, DONDOC_KW("theo")>>, phrase<DONDOC_KW("waive")>> {};
struct waive_task : seq<name> {};
struct expect_waive_task : seq<waive_task> {};
struct expect_waive_by : seq<kw_by_document, skip, waiver_doc> {};
struct waive_decl : seq<kw_waive, skip, expect_waive_task, skip, expect_waive_by, opt<waiver_reason>> {};

struct kw_holidays : sor<phrase<DONDOC_KW("ngày"), DONDOC_KW("nghỉ"), DONDOC_KW("năm")>, phrase<DONDOC_KW("holidays")>> {};
struct holidays_year : year4 {};
struct expect_holidays_year : seq<holidays_year> {};
struct holiday_from : date_value {};
struct holiday_to : date_value {};
struct expect_holiday_date : seq<holiday_from> {};
struct expect_holiday_to : seq<holiday_to> {};
struct holiday_range : seq<star<blank>, dash, star<blank>, expect_holiday_to> {};
struct holiday_off : sor<phrase<DONDOC_KW("nghỉ")>, phrase<DONDOC_KW("holiday")>> {};
struct holiday_work : sor<phrase<DONDOC_KW("làm"), DONDOC_KW("bù")>, phrase<DONDOC_KW("working"), DONDOC_KW("day")>> {};
struct holiday_entry : seq<sor<holiday_off, holiday_work>, skip, expect_holiday_date, opt<holiday_range>, skip, expect_string> {};
/// `chính thức`: the Government has announced this year's days; a year without it is projected.
struct holiday_official : sor<phrase<DONDOC_KW("chính"), DONDOC_KW("thức")>, phrase<DONDOC_KW("official")>> {};
struct holidays_clause : sor<holiday_entry, holiday_official, source_clause> {};

struct kw_include : sor<phrase<DONDOC_KW("bao"), DONDOC_KW("gồm")>, phrase<DONDOC_KW("include")>> {};
struct include_decl : seq<kw_include, skip, expect_string> {};

// ---------------------------------------------------------------- blocks and declarations
struct close_brace : one<'}'> {};

template <typename Clause, typename End>
struct block_body : seq<star<Clause, semi, skip>, End> {};

struct expect_plan_end : seq<close_brace> {};
struct expect_agency_end : seq<close_brace> {};
struct expect_group_end : seq<close_brace> {};
struct expect_task_end : seq<close_brace> {};
struct expect_event_end : seq<close_brace> {};
struct expect_duty_end : seq<close_brace> {};
struct expect_indicator_end : seq<close_brace> {};
struct expect_policy_end : seq<close_brace> {};
struct expect_holidays_end : seq<close_brace> {};
struct expect_section_end : seq<close_brace> {};

struct plan_head : seq<kw_plan, skip, expect_decl_id, skip, expect_decl_title> {};
struct plan_decl : seq<plan_head, skip, expect_open_brace, skip, block_body<plan_clause, expect_plan_end>> {};

struct agency_head : seq<kw_agency, skip, expect_decl_id, skip, expect_decl_title> {};
struct agency_decl : seq<agency_head, opt<skip, open_brace, skip, block_body<agency_clause, expect_agency_end>>> {};

struct group_head : seq<kw_group, skip, expect_decl_id, skip, expect_decl_title> {};
struct group_decl : seq<group_head, skip, expect_open_brace, skip, block_body<group_clause, expect_group_end>> {};

struct task_head : seq<kw_task, skip, expect_decl_id, skip, expect_decl_title> {};
struct task_decl : seq<task_head, skip, expect_open_brace, skip, block_body<task_clause, expect_task_end>> {};

struct event_head : seq<kw_event, skip, expect_decl_id, skip, expect_decl_title> {};
struct event_decl : seq<event_head, opt<skip, open_brace, skip, block_body<event_clause, expect_event_end>>> {};

struct duty_head : seq<kw_duty, skip, expect_decl_id, skip, expect_decl_title> {};
struct duty_decl : seq<duty_head, skip, expect_open_brace, skip, block_body<duty_clause, expect_duty_end>> {};

struct indicator_head : seq<kw_indicator, skip, expect_decl_id, skip, expect_decl_title> {};
struct indicator_decl : seq<indicator_head, skip, expect_open_brace, skip, block_body<indicator_clause, expect_indicator_end>> {};

struct policy_head : seq<kw_policy, skip, expect_decl_id, skip, expect_decl_title> {};
struct policy_decl : seq<policy_head, skip, expect_open_brace, skip, block_body<policy_clause, expect_policy_end>> {};

struct holidays_head : seq<kw_holidays, skip, expect_holidays_year> {};
struct holidays_decl : seq<holidays_head, skip, expect_open_brace, skip, block_body<holidays_clause, expect_holidays_end>> {};

struct section_item;
struct section_clause : sor<source_clause, escalation_clause> {};
struct kw_section : sor<seq<phrase<DONDOC_KW("mục")>, not_at<blank1, DONDOC_KW("tiêu")>>, phrase<DONDOC_KW("section")>> {};
struct section_head : seq<kw_section, skip, expect_decl_id, skip, expect_decl_title> {};
struct section_end : seq<expect_section_end> {};
struct section_decl : seq<section_head, skip, expect_open_brace, skip, star<section_item, semi, skip>, section_end> {};

/// Keywords that start a declaration; used to recover after an error and for hints.
struct decl_keyword : sor<kw_plan, kw_policy, kw_agency, kw_group, kw_section, kw_task, kw_event, kw_duty, kw_indicator, kw_waive,
                          kw_holidays, kw_include> {};

struct section_item : sor<section_clause, task_decl, event_decl, duty_decl, indicator_decl, section_decl> {};

struct declaration : sor<plan_decl, policy_decl, agency_decl, group_decl, section_decl, task_decl, event_decl, duty_decl, indicator_decl,
                         waive_decl, holidays_decl, include_decl> {};
struct expect_declaration : seq<declaration> {};
struct stray_close : close_brace {};

/// One step of the top-level loop: skip space and comments, then one declaration or the end.
struct top_item : seq<skip, star<one<';'>, skip>, sor<eof, stray_close, expect_declaration>> {};
/// The whole file; used by `analyze` and by tools that want a single match.
struct file : seq<skip, star<declaration, semi, skip>, eof> {};

// ---------------------------------------------------------------- standalone entry points (tests, journal)
struct time_literal_only : seq<star<blank>, time_expr, star<blank>, eof> {};
struct recurrence_only : seq<star<blank>, recurrence, star<blank>, eof> {};

// ---------------------------------------------------------------- error messages
// Format: code \x1f Vietnamese \x1f English. The code names the error point for hints.
template <typename>
inline constexpr const char* error_message = nullptr;

#define DONDOC_ERROR(rule, code, vi, en) \
  template <>                            \
  inline constexpr const char* error_message<rule> = code "\x1f" vi "\x1f" en

DONDOC_ERROR(expect_string_close, "string", "chuỗi chưa được đóng: thiếu dấu '\"' ở cuối dòng",
             "unclosed text: the closing '\"' is missing on this line");
DONDOC_ERROR(expect_quarter_number, "quarter", "quý phải là I, II, III hoặc IV (hoặc 1–4)", "a quarter must be I, II, III or IV (or 1-4)");
DONDOC_ERROR(expect_quarter_year, "quarter_year", "thiếu năm của quý, ví dụ 'Quý I/2023' hoặc 'Quý IV năm 2024'",
             "expected the year of the quarter, such as 'Quý I/2023' or 'Quý IV năm 2024'");
DONDOC_ERROR(expect_long_date_rest, "long_date", "ngày viết đầy đủ phải có dạng 'ngày 17 tháng 02 năm 2023'",
             "a date in words must read like 'ngày 17 tháng 02 năm 2023'");
DONDOC_ERROR(expect_day, "day", "thiếu ngày sau 'ngày', ví dụ 'ngày 30/11/2023'", "expected a date after 'ngày', such as 'ngày 30/11/2023'");
DONDOC_ERROR(expect_month_year, "month_year", "thiếu năm của tháng, ví dụ 'tháng 6 năm 2023' hoặc 'tháng 6/2023'",
             "expected the year of the month, such as 'tháng 6 năm 2023' or 'tháng 6/2023'");
DONDOC_ERROR(expect_year, "year", "thiếu năm (4 chữ số), ví dụ 'Năm 2023'", "expected a year of 4 digits, such as 'Năm 2023'");
DONDOC_ERROR(expect_time_point, "time_point", "thiếu mốc thời gian, ví dụ 'Quý I/2023', 'tháng 6 năm 2023', 'Năm 2025' hoặc '30/11/2023'",
             "expected a time such as 'Quý I/2023', 'tháng 6 năm 2023', 'Năm 2025' or '30/11/2023'");
DONDOC_ERROR(expect_period_end, "period_end", "thiếu mốc kết thúc của giai đoạn, ví dụ 'Giai đoạn 2023 - 2030'",
             "expected the end of the period, such as 'Giai đoạn 2023 - 2030'");
DONDOC_ERROR(expect_anchor_day, "anchor_day", "thiếu ngày của kỳ báo cáo, ví dụ '(trước ngày 30/11)'",
             "expected the day of the recurring date, such as 'before 30/11'");
DONDOC_ERROR(expect_decl_id, "decl_id", "thiếu mã sau từ khóa, ví dụ 'nhiệm vụ II.3' hoặc 'cơ quan SXD'",
             "expected an id after the keyword, such as 'task II.3' or 'agency SXD'");
DONDOC_ERROR(expect_decl_title, "decl_title", "thiếu tên trong dấu ngoặc kép sau mã, ví dụ \"Sở Xây dựng\"",
             "expected a name in double quotes after the id, such as \"Sở Xây dựng\"");
DONDOC_ERROR(expect_name, "name", "thiếu mã (cơ quan, nhiệm vụ hoặc sự kiện) ở đây", "expected an id (of an agency, task or event) here");
DONDOC_ERROR(expect_name_after_comma, "list_comma", "thừa dấu phẩy ở cuối danh sách, hoặc thiếu mã sau dấu phẩy",
             "a stray comma ends the list, or an id is missing after the comma");
DONDOC_ERROR(expect_names, "names", "thiếu danh sách mã, cách nhau bằng dấu phẩy, ví dụ 'SXD, SKHDT'",
             "expected a list of ids separated by commas, such as 'SXD, SKHDT'");
DONDOC_ERROR(expect_string, "text", "thiếu nội dung trong dấu ngoặc kép, ví dụ \"Phụ lục 2, mục II.3\"",
             "expected text in double quotes, such as \"Phụ lục 2, mục II.3\"");
DONDOC_ERROR(expect_open_brace, "open_brace", "thiếu dấu '{' để mở phần nội dung", "expected '{' to open the block");
DONDOC_ERROR(expect_policy, "policy", "thiếu mã quy trình đôn đốc, hoặc 'không' để không đôn đốc",
             "expected the id of an escalation policy, or 'none'");
DONDOC_ERROR(expect_date, "date", "thiếu ngày, ví dụ '17/02/2023' hoặc 'ngày 17 tháng 02 năm 2023'",
             "expected a date such as '17/02/2023' or 'ngày 17 tháng 02 năm 2023'");
DONDOC_ERROR(expect_horizon_year, "horizon", "thiếu năm kết thúc kế hoạch, ví dụ 'đến năm 2030'",
             "expected the last year of the plan, such as 'horizon 2030'");
DONDOC_ERROR(expect_reading, "reading", "cách hiểu 'trước' phải là 'chặt' hoặc 'rộng'", "the reading of 'before' must be 'strict' or 'lenient'");
DONDOC_ERROR(expect_due_soon_days, "due_soon", "thiếu số ngày cảnh báo, ví dụ 'sắp đến hạn 14 ngày'",
             "expected a number of days, such as 'due soon 14 days'");
DONDOC_ERROR(expect_due_time, "due",
             "dondoc chưa biết cách ghi thời hạn này; hãy viết một dạng như 'Quý I/2023', 'Năm 2023', '30/11/2023', "
             "'trước tháng 6 năm 2023', '6 tháng đầu năm 2024', 'Giai đoạn 2023 - 2030', 'từ quý II/2026', 'trong 30 ngày', "
             "'thường xuyên' hoặc 'khẩn trương' (docs/language.md, mục 5)",
             "dondoc does not know this way of writing a due time; write one such as 'Quý I/2023', 'Năm 2023', '30/11/2023', "
             "'trước tháng 6 năm 2023', '6 tháng đầu năm 2024', 'Giai đoạn 2023 - 2030', 'từ quý II/2026', 'trong 30 ngày', "
             "'thường xuyên' or 'khẩn trương' (docs/language.md, section 5)");
DONDOC_ERROR(expect_time_end, "time_end",
             "dondoc chưa biết cách ghi thời gian này; phần trước đó đọc được, phần từ đây thì không. Các dạng đọc được: "
             "'6 tháng đầu năm 2024', 'cuối năm 2023', 'giữa năm 2024', 'Tháng 01 - 02/2026', 'Quý I/2023' "
             "(docs/language.md, mục 5)",
             "dondoc does not know this way of writing a time; what comes before it was read, this part was not. Forms it "
             "reads: '6 tháng đầu năm 2024', 'cuối năm 2023', 'giữa năm 2024', 'Tháng 01 - 02/2026', 'Quý I/2023' "
             "(docs/language.md, section 5)");
DONDOC_ERROR(expect_half_year, "half_year", "thiếu năm sau '6 tháng đầu năm' hoặc '6 tháng cuối năm', ví dụ '6 tháng đầu năm 2024'",
             "expected the year of the half-year, such as '6 tháng đầu năm 2024'");
DONDOC_ERROR(expect_mid_year, "mid_year", "thiếu năm sau 'giữa năm', ví dụ 'giữa năm 2024'",
             "expected the year after 'giữa năm', such as 'giữa năm 2024'");
DONDOC_ERROR(expect_year_end, "year_end", "thiếu năm sau 'cuối năm', ví dụ 'cuối năm 2023' hoặc 'kỳ họp cuối năm 2026'",
             "expected the year after 'cuối năm', such as 'cuối năm 2023' or 'kỳ họp cuối năm 2026'");
DONDOC_ERROR(expect_month_range_year, "month_range", "thiếu năm của các tháng, ví dụ 'Tháng 01 - 02/2026'",
             "expected the year of the months, such as 'Tháng 01 - 02/2026'");
DONDOC_ERROR(expect_meeting_time, "meeting", "thiếu thời gian của phiên họp, ví dụ 'Phiên họp tháng 9/2026' hoặc 'kỳ họp cuối năm 2026'",
             "expected when the meeting is, such as 'Phiên họp tháng 9/2026' or 'kỳ họp cuối năm 2026'");
DONDOC_ERROR(expect_duty_day, "duty_day", "thiếu định kỳ và ngày, ví dụ 'hạn nghĩa vụ hằng năm trước ngày 15/12'",
             "expected how often and the day, such as 'duties due yearly before 15/12'");
DONDOC_ERROR(expect_lag, "start_lag", "sau số phải có đơn vị và chữ 'sau', ví dụ 'bắt đầu 30 ngày sau II.3', '20 ngày làm việc sau', '2 tháng sau'",
             "expected a unit and 'after' after the number, such as 'starts 30 days after II.3', '20 working days after', '2 months after'");
DONDOC_ERROR(expect_trigger, "trigger", "thiếu điều kiện bắt đầu: mã sự kiện hoặc nhiệm vụ, 'tất cả …' hoặc 'một trong …'",
             "expected what the task waits for: an event or task id, 'all of …' or 'any of …'");
DONDOC_ERROR(expect_duration, "duration", "thiếu thời lượng, ví dụ 'thời lượng 60 ngày'", "expected a duration such as 'duration 60 days'");
DONDOC_ERROR(expect_expected_time, "expected", "thiếu thời gian dự kiến, ví dụ 'dự kiến Quý II/2023'",
             "expected a time after 'expected', such as 'Quý II/2023'");
DONDOC_ERROR(expect_duty_by, "duty_by", "thiếu đơn vị thực hiện: danh sách mã hoặc 'các đơn vị chủ trì'",
             "expected who does the duty: a list of ids or 'all leads'");
DONDOC_ERROR(expect_via_name, "via", "thiếu mã cơ quan sau 'qua'", "expected an agency id after 'via'");
DONDOC_ERROR(expect_to_name, "to", "thiếu mã cơ quan nhận sau 'gửi'", "expected the id of the receiving agency after 'to'");
DONDOC_ERROR(expect_copy_names, "copy_to", "thiếu mã cơ quan nhận bản sao sau 'đồng gửi', ví dụ 'đồng gửi SKHDT, STC'",
             "expected the ids of the agencies that get a copy after 'copy to', such as 'copy to SKHDT, STC'");
DONDOC_ERROR(expect_passage_body, "passes", "thiếu mã cơ quan sau 'cấp trình', ví dụ 'cấp trình CP (dự kiến Quý III/2024), QH'",
             "expected the id of a body after 'passes', such as 'passes CP (expected 2024-Q3), QH'");
DONDOC_ERROR(expect_passage_expected, "passes_expected", "trong ngoặc sau cơ quan cần 'dự kiến' và thời gian, ví dụ 'CP (dự kiến Quý III/2024)'",
             "expected 'expected' and a time in the brackets after the body, such as 'CP (expected 2024-Q3)'");
DONDOC_ERROR(expect_passage_close, "passes_close", "thiếu dấu ')' sau thời gian dự kiến", "expected ')' after the expected time");
DONDOC_ERROR(expect_target_max, "target_max", "thiếu giá trị cuối của khoảng, ví dụ '0,5 - 0,75'",
             "expected the upper value of the range, such as '0.5 - 0.75'");
DONDOC_ERROR(expect_target_tolerance, "target_tolerance", "thiếu sai số cho phép, ví dụ 'sai số 0,5'",
             "expected the tolerance, such as 'within 0.5'");
DONDOC_ERROR(expect_target_year, "target_year", "thiếu năm của mục tiêu, ví dụ 'năm 2030'", "expected the target year, such as 'in 2030'");
DONDOC_ERROR(expect_change_amount, "change_amount", "thiếu mức tăng hoặc giảm, ví dụ 'tăng thêm 5 so với năm 2020'",
             "expected the amount of the change, such as 'up 5 from 2020'");
DONDOC_ERROR(expect_change_from, "change_from", "thiếu năm so sánh, ví dụ 'tăng thêm 5 so với năm 2020 năm 2030'",
             "expected the year it is counted from, such as 'up 5 from 2020 in 2030'");
DONDOC_ERROR(expect_times_word, "times_word", "thiếu chữ 'lần', ví dụ 'gấp 2 lần năm 2020'", "expected 'lần', such as 'gấp 2 lần năm 2020'");
DONDOC_ERROR(expect_times_of, "times_of", "thiếu năm so sánh, ví dụ 'gấp 2 lần năm 2020 năm 2030'",
             "expected the year it is counted from, such as '2 times 2020 in 2030'");
DONDOC_ERROR(expect_period_years, "period_years", "thiếu năm đầu và năm cuối của giai đoạn, ví dụ 'giai đoạn 2021 - 2030'",
             "expected the first and the last year of the period, such as 'over 2021 - 2030'");
DONDOC_ERROR(expect_year_value_max, "year_value_max", "thiếu giá trị cuối của khoảng, ví dụ 'năm 2025: 8 - 8,5'",
             "expected the upper value of the range, such as '2025: 8 - 8.5'");
DONDOC_ERROR(expect_target, "target", "thiếu giá trị mục tiêu, ví dụ '≥ 10,1 năm 2030' hoặc '0,5 - 0,75 hằng năm'",
             "expected a target such as '>= 10.1 in 2030' or '0.5 - 0.75 every year'");
DONDOC_ERROR(expect_year_value_number, "year_value_number", "thiếu giá trị sau dấu ':', ví dụ 'năm 2025: 50'",
             "expected a value after ':', such as '2025: 50'");
DONDOC_ERROR(expect_year_value, "year_value", "thiếu cặp năm và giá trị, ví dụ 'năm 2025: 50'", "expected a year and a value, such as '2025: 50'");
DONDOC_ERROR(expect_baseline_value, "baseline", "thiếu giá trị cơ sở, ví dụ 'cơ sở 9,5 năm 2020'",
             "expected a baseline value, such as 'baseline 9.5 in 2020'");
DONDOC_ERROR(expect_baseline_year, "baseline_year", "thiếu năm của giá trị cơ sở, ví dụ 'năm 2020'",
             "expected the year of the baseline, such as 'in 2020'");
DONDOC_ERROR(expect_recipients, "recipients", "thiếu nơi nhận: 'chủ trì', 'phối hợp', 'đơn vị theo dõi' hoặc mã cơ quan",
             "expected recipients: 'lead', 'support', 'follow-up' or an agency id");
DONDOC_ERROR(expect_send_to, "send_to", "thiếu nơi nhận, ví dụ 'gửi chủ trì'", "expected the recipients, such as 'to lead'");
DONDOC_ERROR(expect_step_days, "step_days", "thiếu số ngày, ví dụ '7 ngày'", "expected a number of days, such as '7 days'");
DONDOC_ERROR(expect_repeat_days, "repeat_days", "thiếu số ngày lặp lại, ví dụ 'lặp lại 14 ngày'",
             "expected how often to repeat, such as 'repeat every 14 days'");
DONDOC_ERROR(expect_template_text, "template", "thiếu nội dung mẫu thông báo trong dấu ngoặc kép, ví dụ 'mẫu \"Đề nghị {chủ_trì} hoàn thành {nhiệm_vụ}\"'",
             "expected the message text in double quotes, such as 'template en \"{leads}: please complete {task}\"'");
DONDOC_ERROR(expect_level_number, "level_number", "thiếu số cấp, ví dụ 'cấp 1'", "expected the level number, such as 'level 1'");
DONDOC_ERROR(expect_level_delay, "level_delay", "thiếu thời điểm của cấp đôn đốc, ví dụ 'sau hạn 7 ngày'",
             "expected when the level starts, such as '7 days after due'");
DONDOC_ERROR(expect_waive_task, "waive_task", "thiếu mã nhiệm vụ được dừng", "expected the id of the task that is waived");
DONDOC_ERROR(expect_waive_by, "waive_by", "thiếu văn bản quyết định dừng, ví dụ 'theo \"QĐ 99/QĐ-UBND\"'",
             "expected the deciding document, such as 'by \"QĐ 99/QĐ-UBND\"'");
DONDOC_ERROR(expect_holidays_year, "holidays_year", "thiếu năm của lịch nghỉ, ví dụ 'ngày nghỉ năm 2024'",
             "expected the year of the holiday list, such as 'holidays 2024'");
DONDOC_ERROR(expect_holiday_date, "holiday_date", "thiếu ngày nghỉ, ví dụ 'nghỉ 01/01/2024 \"Tết Dương lịch\"'",
             "expected a date, such as 'holiday 01/01/2024 \"New Year\"'");
DONDOC_ERROR(expect_holiday_to, "holiday_to", "thiếu ngày cuối của kỳ nghỉ", "expected the last day of the holiday");
DONDOC_ERROR(expect_plan_end, "clause:plan", "không hiểu dòng này trong phần kế hoạch; cần 'số', 'ban hành', 'hiệu lực', … hoặc '}'",
             "this line is not part of a plan header; expected 'number', 'issued', 'effective', … or '}'");
DONDOC_ERROR(expect_end_how, "end_how", "cần 'hợp nhất vào', 'chia cho' hoặc 'giải thể, giao' rồi mã cơ quan kế thừa",
             "expected 'merged into', 'split into' or 'abolished, duties to', then the successor agencies");
DONDOC_ERROR(expect_end_doc, "end_doc", "thiếu văn bản quyết định, ví dụ: theo \"Quyết định số 123/QĐ-UBND\"",
             "expected the deciding document, such as: by \"Quyết định số 123/QĐ-UBND\"");
DONDOC_ERROR(expect_agency_end, "clause:agency", "không hiểu dòng này trong phần cơ quan; cần 'cấp trên', 'tên khác', 'thư điện tử', 'chấm dứt', 'ghi chú' hoặc '}'",
             "this line is not part of an agency; expected 'reports to', 'alias', 'email', 'ends', 'note' or '}'");
DONDOC_ERROR(expect_email, "email", "thiếu địa chỉ thư điện tử trong ngoặc kép, ví dụ 'thư điện tử \"vanthu@thanhhoa.gov.vn\"'",
             "expected an e-mail address in double quotes, such as 'email \"office@thanhhoa.gov.vn\"'");
DONDOC_ERROR(expect_group_end, "clause:group", "không hiểu dòng này trong phần nhóm; cần 'gồm', 'ghi chú' hoặc '}'",
             "this line is not part of a group; expected 'members', 'note' or '}'");
DONDOC_ERROR(expect_task_end, "clause:task",
             "không hiểu dòng này trong nhiệm vụ; cần 'chủ trì', 'phối hợp', 'sản phẩm', 'thời hạn', 'nguồn', … hoặc '}'",
             "this line is not part of a task; expected 'lead', 'support', 'deliverable', 'due', 'source', … or '}'");
DONDOC_ERROR(expect_event_end, "clause:event", "không hiểu dòng này trong sự kiện; cần 'sau', 'dự kiến', 'theo dõi', 'nguồn' hoặc '}'",
             "this line is not part of an event; expected 'after', 'expected', 'follow-up', 'source' or '}'");
DONDOC_ERROR(expect_duty_end, "clause:duty", "không hiểu dòng này trong nghĩa vụ; cần 'định kỳ', 'giai đoạn', 'thực hiện', 'gửi', … hoặc '}'",
             "this line is not part of a duty; expected 'every', 'period', 'by', 'to', … or '}'");
DONDOC_ERROR(expect_indicator_end, "clause:indicator",
             "không hiểu dòng này trong chỉ tiêu; cần 'mục tiêu', 'đơn vị tính', 'phụ trách', 'cơ sở', … hoặc '}'",
             "this line is not part of an indicator; expected 'target', 'unit', 'owners', 'baseline', … or '}'");
DONDOC_ERROR(expect_policy_end, "clause:policy", "không hiểu dòng này trong quy trình đôn đốc; cần 'nhắc trước', 'cấp', 'quá hạn kéo dài', … hoặc '}'",
             "this line is not part of an escalation policy; expected 'remind', 'level', 'long overdue', … or '}'");
DONDOC_ERROR(expect_holidays_end, "clause:holidays",
             "không hiểu dòng này trong lịch nghỉ; cần 'nghỉ', 'làm bù', 'chính thức', 'nguồn' hoặc '}'",
             "this line is not part of a holiday list; expected 'holiday', 'working day', 'official', 'source' or '}'");
DONDOC_ERROR(expect_section_end, "clause:section", "không hiểu dòng này trong mục; cần 'nhiệm vụ', 'sự kiện', 'nghĩa vụ', 'chỉ tiêu', 'nguồn' hoặc '}'",
             "this line is not part of a section; expected 'task', 'event', 'duty', 'indicator', 'source' or '}'");
DONDOC_ERROR(expect_declaration, "declaration",
             "không hiểu dòng này; một khai báo bắt đầu bằng 'kế hoạch', 'cơ quan', 'nhóm', 'mục', 'nhiệm vụ', 'sự kiện', 'nghĩa vụ', "
             "'chỉ tiêu', …",
             "this line is not a declaration; a declaration starts with 'plan', 'agency', 'group', 'section', 'task', 'event', 'duty', "
             "'indicator', …");

#undef DONDOC_ERROR

struct errors {
  template <typename Rule>
  static constexpr const char* message = error_message<Rule>;
};

template <typename Rule>
using control = must_if<errors>::control<Rule>;

#undef DONDOC_KW

// clang-format on

}  // namespace dondoc::dsl::grammar

namespace tao::pegtl {
/// For pegtl::analyze, an inline keyword is the string it compares.
template <typename Name, typename S>
struct analyze_traits<Name, dondoc::dsl::grammar::fast_kw<S>> : analyze_traits<Name, typename S::rule_t> {};
/// The loops written by hand analyse as the rules they stand for.
template <typename Name>
struct analyze_traits<Name, dondoc::dsl::grammar::id_chars> : analyze_traits<Name, typename star<dondoc::dsl::grammar::id_char>::rule_t> {};
template <typename Name>
struct analyze_traits<Name, dondoc::dsl::grammar::rest_of_line> : analyze_traits<Name, typename until<at<eolf>>::rule_t> {};
template <typename Name>
struct analyze_traits<Name, dondoc::dsl::grammar::string_body>
    : analyze_traits<Name, typename star<dondoc::dsl::grammar::string_char>::rule_t> {};
}  // namespace tao::pegtl
