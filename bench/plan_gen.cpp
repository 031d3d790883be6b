#include "bench/plan_gen.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <vector>

#include "dsl/keywords.hpp"

namespace dondoc::bench {

namespace {

/// splitmix64: small, fast and the same everywhere (std distributions differ between libraries).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed * 0x9E3779B97F4A7C15ULL + 0x2545F4914F6CDD1DULL) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [lo, hi].
  std::size_t between(std::size_t lo, std::size_t hi) { return lo + static_cast<std::size_t>(next() % (hi - lo + 1)); }
  int between_i(int lo, int hi) { return static_cast<int>(between(static_cast<std::size_t>(lo), static_cast<std::size_t>(hi))); }
  bool percent(int p) { return static_cast<int>(between(0, 99)) < p; }
  template <typename T, std::size_t N>
  const T& pick(const std::array<T, N>& a) {
    return a[between(0, N - 1)];
  }

 private:
  std::uint64_t s_;
};

using sv = std::string_view;

// ---------------------------------------------------------------- text of the real plan's kind
constexpr std::array<sv, 18> kVerbs{"Rà soát",    "Xây dựng",  "Triển khai", "Tổ chức thực hiện", "Hoàn thiện",      "Đánh giá", "Lập",
                                    "Điều chỉnh", "Ban hành",  "Đầu tư",     "Kiểm tra",          "Tuyên truyền về", "Nâng cấp", "Cải tạo",
                                    "Thẩm định",  "Phê duyệt", "Số hóa",     "Cập nhật"};
constexpr std::array<sv, 24> kObjects{"quy hoạch chung đô thị",
                                      "quy hoạch phân khu",
                                      "chương trình phát triển đô thị",
                                      "quy chế quản lý kiến trúc",
                                      "hệ thống hạ tầng kỹ thuật",
                                      "hệ thống thoát nước và xử lý nước thải",
                                      "mạng lưới giao thông đô thị",
                                      "hệ thống cây xanh, mặt nước",
                                      "cơ sở dữ liệu về quy hoạch đô thị",
                                      "nhà ở xã hội cho công nhân",
                                      "khu đô thị mới",
                                      "đề án chỉnh trang đô thị",
                                      "công viên và không gian công cộng",
                                      "hệ thống chiếu sáng công cộng",
                                      "bãi đỗ xe công cộng",
                                      "hạ tầng số cho đô thị thông minh",
                                      "hạ tầng khu công nghiệp",
                                      "khu tái định cư",
                                      "chợ và trung tâm thương mại",
                                      "nghĩa trang nhân dân",
                                      "hệ thống cấp nước sạch",
                                      "khu xử lý chất thải rắn",
                                      "đê điều và công trình phòng, chống lũ",
                                      "không gian ngầm đô thị"};
constexpr std::array<sv, 12> kPlaces{"trên địa bàn tỉnh",   "tại thành phố Thanh Hóa",  "tại thành phố Sầm Sơn",     "tại thị xã Bỉm Sơn",
                                     "tại thị xã Nghi Sơn", "tại các đô thị miền núi",  "tại các thị trấn huyện lỵ", "ven sông Mã",
                                     "dọc Quốc lộ 1A",      "tại Khu kinh tế Nghi Sơn", "tại huyện Thọ Xuân",        "tại huyện Hoằng Hóa"};
constexpr std::array<sv, 8> kPurposes{"bảo đảm phù hợp với Nghị quyết số 06-NQ/TW của Bộ Chính trị",
                                      "theo hướng xanh, thông minh, bền vững",
                                      "gắn với thích ứng với biến đổi khí hậu",
                                      "bảo đảm đồng bộ, hiện đại, kết nối vùng",
                                      "ưu tiên nguồn lực cho các đô thị động lực",
                                      "huy động sự tham gia của cộng đồng và doanh nghiệp",
                                      "thực hiện công khai, minh bạch, đúng quy định",
                                      "nâng cao chất lượng sống của người dân đô thị"};
constexpr std::array<sv, 10> kDeliverables{
    "Quyết định của UBND tỉnh",          "Báo cáo kết quả thực hiện",  "Đề án được phê duyệt",         "Kế hoạch triển khai",
    "Nghị quyết của HĐND tỉnh",          "Văn bản hướng dẫn",          "Tờ trình Thủ tướng Chính phủ", "Hồ sơ quy hoạch được phê duyệt",
    "Dự án hoàn thành, đưa vào sử dụng", "Cơ sở dữ liệu được vận hành"};
constexpr std::array<sv, 12> kSectionTitles{"Công tác tuyên truyền, nâng cao nhận thức",
                                            "Hoàn thiện thể chế, chính sách phát triển đô thị",
                                            "Nâng cao chất lượng quy hoạch đô thị",
                                            "Phát triển hệ thống đô thị",
                                            "Phát triển hạ tầng kỹ thuật đô thị",
                                            "Phát triển kinh tế đô thị",
                                            "Quản lý phát triển đô thị bền vững",
                                            "Phát triển nhà ở",
                                            "Xây dựng đô thị thông minh",
                                            "Huy động nguồn lực đầu tư",
                                            "Bảo vệ môi trường đô thị",
                                            "Nâng cao năng lực quản lý nhà nước"};
constexpr std::array<sv, 5> kNotes{"Nhiệm vụ chuyển tiếp từ Kế hoạch giai đoạn trước",
                                   "Thực hiện lồng ghép với Chương trình mục tiêu quốc gia",
                                   "Thời hạn theo văn bản \\\"điều chỉnh\\\" của UBND tỉnh",
                                   "Kinh phí từ nguồn ngân sách tỉnh và vốn xã hội hóa", "Phối hợp chặt chẽ với các bộ, ngành Trung ương"};

struct AgencyDef {
  sv id, name;
  sv reports_to;  // "" = none
  bool external = false;
  sv alias;  // "" = none
};

// About forty agencies: departments report to the provincial People's Committee, their units to
// them; a few central bodies are external.
constexpr std::array<AgencyDef, 40> kAgencies{{
    {"TTG", "Thủ tướng Chính phủ", "", true, ""},
    {"CP", "Chính phủ", "", true, ""},
    {"BXD", "Bộ Xây dựng", "CP", true, ""},
    {"BKHDT", "Bộ Kế hoạch và Đầu tư", "CP", true, ""},
    {"BTNMT", "Bộ Tài nguyên và Môi trường", "CP", true, ""},
    {"CTK", "Cục Thống kê tỉnh Thanh Hóa", "", true, ""},
    {"HDND_TINH", "Hội đồng nhân dân tỉnh Thanh Hóa", "", false, "HĐND tỉnh"},
    {"UBND_TINH", "Ủy ban nhân dân tỉnh Thanh Hóa", "", false, "UBND tỉnh"},
    {"VP_UBND", "Văn phòng UBND tỉnh", "UBND_TINH", false, ""},
    {"SXD", "Sở Xây dựng", "UBND_TINH", false, "Sở XD"},
    {"SKHDT", "Sở Kế hoạch và Đầu tư", "UBND_TINH", false, ""},
    {"STC", "Sở Tài chính", "UBND_TINH", false, ""},
    {"STNMT", "Sở Tài nguyên và Môi trường", "UBND_TINH", false, ""},
    {"SGTVT", "Sở Giao thông vận tải", "UBND_TINH", false, ""},
    {"SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", "UBND_TINH", false, ""},
    {"SCT", "Sở Công Thương", "UBND_TINH", false, ""},
    {"STTTT", "Sở Thông tin và Truyền thông", "UBND_TINH", false, ""},
    {"SNV", "Sở Nội vụ", "UBND_TINH", false, ""},
    {"STP", "Sở Tư pháp", "UBND_TINH", false, ""},
    {"SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "UBND_TINH", false, ""},
    {"SYT", "Sở Y tế", "UBND_TINH", false, ""},
    {"SGDDT", "Sở Giáo dục và Đào tạo", "UBND_TINH", false, ""},
    {"SKHCN", "Sở Khoa học và Công nghệ", "UBND_TINH", false, ""},
    {"SLDTBXH", "Sở Lao động - Thương binh và Xã hội", "UBND_TINH", false, ""},
    {"CATINH", "Công an tỉnh", "UBND_TINH", false, ""},
    {"BQL_KKT", "Ban Quản lý Khu kinh tế Nghi Sơn và các khu công nghiệp", "UBND_TINH", false, ""},
    {"BQLDA_DD", "Ban Quản lý dự án đầu tư xây dựng công trình dân dụng và công nghiệp", "UBND_TINH", false, ""},
    {"VQH", "Viện Quy hoạch - Kiến trúc Thanh Hóa", "SXD", false, ""},
    {"PQHKT", "Phòng Quy hoạch - Kiến trúc", "SXD", false, ""},
    {"TT_PTQD", "Trung tâm Phát triển quỹ đất", "STNMT", false, ""},
    {"UBND_TP_TH", "UBND thành phố Thanh Hóa", "UBND_TINH", false, ""},
    {"UBND_TP_SS", "UBND thành phố Sầm Sơn", "UBND_TINH", false, ""},
    {"UBND_TX_BS", "UBND thị xã Bỉm Sơn", "UBND_TINH", false, ""},
    {"UBND_TX_NS", "UBND thị xã Nghi Sơn", "UBND_TINH", false, ""},
    {"UBND_H_TX", "UBND huyện Thọ Xuân", "UBND_TINH", false, ""},
    {"UBND_H_HH", "UBND huyện Hoằng Hóa", "UBND_TINH", false, ""},
    {"UBND_H_QX", "UBND huyện Quảng Xương", "UBND_TINH", false, ""},
    {"UBND_H_DS", "UBND huyện Đông Sơn", "UBND_TINH", false, ""},
    {"UBND_H_NL", "UBND huyện Ngọc Lặc", "UBND_TINH", false, ""},
    {"UBND_H_TS", "UBND huyện Triệu Sơn", "UBND_TINH", false, ""},
}};
constexpr std::size_t kFirstDepartment = 9;  // SXD
constexpr std::size_t kFirstDistrict = 30;   // UBND_TP_TH
constexpr std::array<sv, 3> kGroups{"G_SBN", "G_UBNDH", "G_HATANG"};

struct IndicatorDef {
  sv name, unit;
  double base, target;
};
constexpr std::array<IndicatorDef, 10> kIndicators{{
    {"Tỷ lệ đô thị hóa", "%", 35.5, 50},
    {"Diện tích sàn nhà ở bình quân đầu người tại đô thị", "m²/người", 28.4, 32},
    {"Tỷ lệ đất giao thông so với đất xây dựng đô thị", "%", 11.2, 16},
    {"Tỷ lệ nước thải đô thị được thu gom và xử lý", "%", 15, 30},
    {"Diện tích cây xanh bình quân đầu người", "m²/người", 4.5, 7},
    {"Tỷ lệ dân cư đô thị được cấp nước sạch", "%", 85, 100},
    {"Số đô thị loại I", "đô thị", 1, 3},
    {"Tỷ lệ chất thải rắn đô thị được xử lý", "%", 80, 95},
    {"Tỷ lệ đô thị có quy hoạch phân khu", "%", 60, 100},
    {"Tỷ lệ thủ tục hành chính được xử lý trực tuyến", "%", 30, 80},
}};

constexpr std::array<sv, 4> kRoman4{"I", "II", "III", "IV"};

std::string roman(std::size_t n) {
  if (n == 0 || n > 3999) return fmt::format("P{}", n);
  static constexpr std::array<std::pair<std::size_t, sv>, 13> kParts{{{1000, "M"},
                                                                      {900, "CM"},
                                                                      {500, "D"},
                                                                      {400, "CD"},
                                                                      {100, "C"},
                                                                      {90, "XC"},
                                                                      {50, "L"},
                                                                      {40, "XL"},
                                                                      {10, "X"},
                                                                      {9, "IX"},
                                                                      {5, "V"},
                                                                      {4, "IV"},
                                                                      {1, "I"}}};
  std::string out;
  for (const auto& [v, s] : kParts) {
    while (n >= v) {
      out += s;
      n -= v;
    }
  }
  return out;
}

/// A top-level section: flat (tasks directly) or with subsections.
struct TopSection {
  std::string id;
  bool flat = true;
  std::vector<std::size_t> sizes;  ///< tasks per subsection (one entry when flat)
  std::size_t file = 0;
};

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ", ";
    out += v[i];
  }
  return out;
}

// Dates as yyyymmdd integers: enough to order them.
constexpr int ymd(int y, int m, int d) {
  return y * 10000 + m * 100 + d;
}
constexpr int days_in_month(int y, int m) {
  constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}
constexpr int quarter_end(int y, int q) {
  return ymd(y, q * 3, days_in_month(y, q * 3));
}
constexpr int day_before_month(int y, int m) {
  return m == 1 ? ymd(y - 1, 12, 31) : ymd(y, m - 1, days_in_month(y, m - 1));
}

/// A due time as written, and the dates the engine's checks compare.
struct Due {
  std::string text;
  bool dated = false;  ///< a calendar date (not "thường xuyên", relative, open-ended)
  int start = 0;       ///< the start of a period, else == end
  int end = 0;         ///< the tracked due date
};

/// What later tasks need to know about an earlier one to link to it without a date conflict.
struct TaskInfo {
  std::string id;
  bool dated = false;
  bool waived = false;
  int start = 0, end = 0;
};

struct EventInfo {
  std::string id;
  int expected_end = 0;  ///< 0 = no expected date
};

class Generator {
 public:
  Generator(const GenOptions& o, const GenSink& sink) : o_(o), sink_(sink), rng_(o.seed), form_(o.seed ^ 0x5DEECE66DULL) {}

  GenStats run() {
    plan_sections();
    buf_.reserve(kFlush + 64 * 1024);
    file_banner(0);
    header();
    policies();
    agencies();
    groups();
    holidays();
    external_events();
    top_indicators();
    top_duties();
    for (std::size_t i = 0; i < tops_.size(); ++i) {
      switch_to(tops_[i].file);
      top_section(tops_[i], i);
    }
    switch_to(files() - 1);
    waivers();
    flush();
    return stats_;
  }

 private:
  static constexpr std::size_t kFlush = 1 << 20;

  bool vi() const { return o_.lang == GenLang::vi; }
  sv kw(sv v, sv e) const { return vi() ? v : e; }
  sv kw(const dsl::Keyword& k) const { return kw(k.vi, k.en); }
  std::size_t files() const { return std::max<std::size_t>(1, o_.files); }

  template <typename... Args>
  void line(int indent, fmt::format_string<Args...> f, Args&&... args) {
    buf_.append(static_cast<std::size_t>(indent) * 2, ' ');
    fmt::format_to(std::back_inserter(buf_), f, std::forward<Args>(args)...);
    buf_ += '\n';
    if (buf_.size() >= kFlush) flush();
  }

  void flush() {
    if (buf_.empty()) return;
    stats_.bytes += buf_.size();
    sink_(file_, buf_);
    buf_.clear();
  }

  void file_banner(std::size_t f) {
    line(0, "# Kế hoạch tổng hợp do dondoc-gen-plan sinh ra: {} nhiệm vụ, hạt giống {}, tệp {}/{}.", o_.tasks, o_.seed, f + 1, files());
    line(0, "# Synthetic plan for benchmarks; the shape follows QĐ 557/QĐ-UBND, the content is invented.");
    line(0, "");
  }

  void switch_to(std::size_t f) {
    while (file_ < f) {
      flush();
      ++file_;
      file_banner(file_);
    }
  }

  // ------------------------------------------------------------ structure, decided first so that
  // the split into files is known before anything is written
  void plan_sections() {
    std::size_t left = o_.tasks, n = 0;
    while (left > 0) {
      TopSection t;
      t.id = roman(++n);
      t.flat = rng_.percent(50);
      std::size_t subs = t.flat ? 1 : rng_.between(2, 8);
      for (std::size_t i = 0; i < subs && left > 0; ++i) {
        std::size_t k = std::min(rng_.between(5, 50), left);
        t.sizes.push_back(k);
        left -= k;
      }
      tops_.push_back(std::move(t));
    }
    std::size_t before = 0;
    for (auto& t : tops_) {
      t.file = std::min(files() - 1, before * files() / std::max<std::size_t>(1, o_.tasks));
      for (auto k : t.sizes) before += k;
    }
  }

  // ------------------------------------------------------------ small literals
  std::string number(double v) const {
    std::string s = v == static_cast<double>(static_cast<long>(v)) ? fmt::format("{}", static_cast<long>(v)) : fmt::format("{:.1f}", v);
    if (vi()) std::replace(s.begin(), s.end(), '.', ',');
    return s;
  }
  std::string days(int n) const { return fmt::format("{} {}", n, vi() ? "ngày" : n == 1 ? "day" : "days"); }

  std::string quarter(int q, int y) {
    if (vi()) {
      return form_.percent(80) ? fmt::format("Quý {}/{}", kRoman4[q - 1], y) : fmt::format("Quý {} năm {}", kRoman4[q - 1], y);
    }
    switch (form_.between(0, 2)) {
      case 0:
        return fmt::format("Quarter {}/{}", kRoman4[q - 1], y);
      case 1:
        return fmt::format("Q{}/{}", q, y);
      default:
        return fmt::format("{}-Q{}", y, q);
    }
  }

  /// A due time in one of the forms of the real plan, with the dates the engine reads from it
  /// (strict reading: "trước tháng 6" ends on 31/05).
  Due due_text(bool triggered) {
    if (triggered && rng_.percent(50)) {
      static constexpr std::array<int, 4> kDays{30, 60, 90, 120};
      switch (rng_.between(0, 3)) {
        case 0:
          return {fmt::format("{} {} {}", kw(dsl::kw::within), rng_.pick(kDays), kw("ngày", "days"))};
        case 1:
          return {fmt::format("{} {}", rng_.between(10, 30), kw("ngày làm việc sau khi bắt đầu", "working days after start"))};
        case 2:
          return {fmt::format("{} {} {}", kw("trong vòng", "within"), rng_.between(2, 12), kw("tháng", "months"))};
        default:
          return {std::string(kw("Ngay", "immediately"))};
      }
    }
    static constexpr std::array<std::pair<int, int>, 10> kDays{
        {{30, 11}, {31, 12}, {30, 6}, {31, 3}, {15, 9}, {30, 9}, {28, 2}, {15, 12}, {1, 7}, {20, 10}}};
    int y = rng_.between_i(2023, 2030);
    int q = rng_.between_i(1, 4);
    int m = rng_.between_i(1, 12);
    int y0 = rng_.between_i(2023, 2028);
    int y1 = rng_.between_i(y0 + 1, 2030);
    auto r = rng_.between(0, 99);
    auto dated = [](std::string text, int end, int start = 0) { return Due{std::move(text), true, start ? start : end, end}; };
    if (r < 24) return dated(quarter(q, y), quarter_end(y, q));
    if (r < 38) return dated(fmt::format("{} {}", kw("Năm", "year"), y), ymd(y, 12, 31));
    if (r < 46) {
      return dated(vi() ? fmt::format("Giai đoạn {} - {}", y0, y1) : fmt::format("period {} to {}", y0, y1), ymd(y1, 12, 31),
                   ymd(y0, 1, 1));
    }
    if (r < 56) {
      if (y == 2023) m = std::max(m, 4);  // not before the plan is issued (17/02/2023)
      return dated(vi() ? fmt::format("Hoàn thành trước tháng {} năm {}", m, y) : fmt::format("complete before month {}/{}", m, y),
                   day_before_month(y, m));
    }
    if (r < 63) {
      static constexpr std::array<sv, 3> kVi{"Trong thời gian thực hiện Nghị quyết", "Trong quá trình thực hiện Kế hoạch", "Thường xuyên"};
      static constexpr std::array<sv, 2> kEn{"during the plan", "ongoing"};
      return {std::string(vi() ? rng_.pick(kVi) : rng_.pick(kEn))};
    }
    auto [d, dm] = rng_.pick(kDays);
    if (r < 72) {
      return dated(vi() || form_.percent(50) ? fmt::format("{:02}/{:02}/{}", d, dm, y) : fmt::format("{}-{:02}-{:02}", y, dm, d),
                   ymd(y, dm, d));
    }
    if (r < 75) return dated(vi() ? fmt::format("ngày {} tháng {} năm {}", d, dm, y) : fmt::format("{}/{}/{}", d, dm, y), ymd(y, dm, d));
    if (r < 80) {
      return dated(vi() ? fmt::format("Năm {} (sau khi được Thủ tướng Chính phủ phê duyệt)", y)
                        : fmt::format("year {} (after approval by the Prime Minister)", y),
                   ymd(y, 12, 31));
    }
    if (r < 85) return dated(fmt::format("{} {}", kw("Đến năm", "by year"), y), ymd(y, 12, 31));
    if (r < 88) return dated(fmt::format("{} {}", kw("Phấn đấu đến năm", "aim by year"), y), ymd(y, 12, 31));
    if (r < 92) {
      std::string t = vi() ? (form_.percent(50) ? fmt::format("tháng {}/{}", m, y) : fmt::format("Tháng {} năm {}", m, y))
                           : fmt::format("month {}/{}", m, y);
      return dated(std::move(t), ymd(y, m, days_in_month(y, m)));
    }
    if (r < 95) return dated(fmt::format("{} {}", kw("Hoàn thành trong", "complete within"), quarter(q, y)), quarter_end(y, q));
    if (r < 98) return dated(fmt::format("{} - {}", y0, y1), ymd(y1, 12, 31), ymd(y0, 1, 1));
    return {std::string(kw("Không thời hạn", "open-ended"))};
  }

  std::string title() { return fmt::format("{} {} {}", rng_.pick(kVerbs), rng_.pick(kObjects), rng_.pick(kPlaces)); }

  // ------------------------------------------------------------ agencies and who does what
  sv lead_agency() {
    if (rng_.percent(30)) return "SXD";
    return kAgencies[rng_.between(kFirstDepartment, kAgencies.size() - 1)].id;
  }
  std::vector<std::string> support_agencies(sv lead) {
    std::vector<std::string> out;
    auto n = rng_.between(0, 4);
    for (std::size_t i = 0; i < n; ++i) {
      std::string a(rng_.percent(20) ? rng_.pick(kGroups) : kAgencies[rng_.between(kFirstDepartment, kAgencies.size() - 1)].id);
      if (a != lead && std::find(out.begin(), out.end(), a) == out.end()) out.push_back(std::move(a));
    }
    return out;
  }

  // ------------------------------------------------------------ declarations
  void header() {
    line(0,
         "{} TH557_TONGHOP \"Kế hoạch thực hiện Nghị quyết số 06-NQ/TW về quy hoạch, xây dựng, quản lý và phát triển bền vững đô thị\" {{",
         kw(dsl::kw::plan));
    line(1, "{} \"557/QĐ-UBND\"", kw(dsl::kw::number));
    line(1, "{} UBND_TINH", kw(dsl::kw::issued_by));
    line(1, "{} {}", kw(dsl::kw::issued), kw("ngày 17 tháng 02 năm 2023", "17/02/2023"));
    line(1, "{} 17/02/2023", kw(dsl::kw::effective));
    line(1, "{} 2030", kw(dsl::kw::horizon));
    line(1, "{} \"Asia/Ho_Chi_Minh\"", kw(dsl::kw::timezone));
    line(1, "{} {}", kw(dsl::kw::reading), kw(dsl::kw::strict));
    line(1, "{} {}", kw(dsl::kw::due_soon), days(14));
    line(1, "{} SXD", kw(dsl::kw::follow_up));
    line(1, "{} \"Nghị quyết số 06-NQ/TW ngày 24/01/2022 của Bộ Chính trị\"", kw(dsl::kw::basis));
    line(1, "{} \"Nghị quyết số 148/NQ-CP ngày 11/11/2022 của Chính phủ\"", kw(dsl::kw::basis));
    line(1, "{} P_MAC_DINH", kw(dsl::kw::escalation));
    line(1, "{} \"Quyết định số 557/QĐ-UBND ngày 17/02/2023 của UBND tỉnh Thanh Hóa\"", kw(dsl::kw::source));
    line(0, "}}");
    line(0, "");
  }

  void policies() {
    line(0, "{} P_MAC_DINH \"Quy trình đôn đốc mặc định\" {{", kw(dsl::kw::policy));
    if (vi()) {
      line(1, "nhắc trước 14 ngày gửi chủ trì");
      line(1, "nhắc trước 3 ngày gửi chủ trì, phối hợp");
      line(1, "nhắc đúng hạn gửi chủ trì");
      line(1, "cấp 1 \"Nhắc nhở\" sau hạn 1 ngày gửi chủ trì lặp lại 7 ngày");
      line(1, "cấp 2 \"Văn bản đôn đốc\" sau hạn 15 ngày gửi chủ trì, đơn vị theo dõi lặp lại 14 ngày");
      line(1, "cấp 3 \"Báo cáo UBND tỉnh\" sau hạn 30 ngày gửi UBND_TINH, VP_UBND");
      line(1, "quá hạn kéo dài \"Kiểm điểm trách nhiệm\" 90 ngày gửi UBND_TINH lặp lại 30 ngày");
      line(1, "báo cáo chậm 7 ngày gửi đơn vị theo dõi");
      line(1, "sự kiện chậm 30 ngày gửi đơn vị theo dõi");
      line(1, "gộp theo ngày");
    } else {
      line(1, "remind 14 days before due to lead");
      line(1, "remind 3 days before due to lead, support");
      line(1, "remind on due to lead");
      line(1, "level 1 \"Nhắc nhở\" 1 day after due to lead repeat every 7 days");
      line(1, "level 2 \"Văn bản đôn đốc\" 15 days after due to lead, follow-up repeat every 14 days");
      line(1, "level 3 \"Báo cáo UBND tỉnh\" after due 30 days to UBND_TINH, VP_UBND");
      line(1, "long overdue \"Kiểm điểm trách nhiệm\" 90 days to UBND_TINH repeat every 30 days");
      line(1, "report missed 7 days to follow-up");
      line(1, "event late 30 days to follow-up");
      line(1, "daily digest");
    }
    line(0, "}}");
    line(0, "{} P_KHAN \"Nhiệm vụ cấp bách\" {{", kw(dsl::kw::policy));
    line(1, "{}", kw("nhắc trước 7 ngày gửi chủ trì, phối hợp", "remind 7 days before due to lead, support"));
    line(1, "{}",
         kw("cấp 1 \"Văn bản đôn đốc\" sau hạn 1 ngày gửi chủ trì, UBND_TINH lặp lại 3 ngày",
            "level 1 \"Văn bản đôn đốc\" 1 day after due to lead, UBND_TINH repeat every 3 days"));
    line(0, "}}");
    line(0, "");
  }

  void agencies() {
    line(0, "# Các cơ quan, đơn vị");
    for (const auto& a : kAgencies) {
      ++stats_.agencies;
      sv kwd = a.external ? kw(dsl::kw::external_agency) : kw(dsl::kw::agency);
      if (a.reports_to.empty() && a.alias.empty()) {
        line(0, "{} {} \"{}\"", kwd, a.id, a.name);
        continue;
      }
      line(0, "{} {} \"{}\" {{", kwd, a.id, a.name);
      if (!a.reports_to.empty()) line(1, "{} {}", kw(dsl::kw::reports_to), a.reports_to);
      if (!a.alias.empty()) line(1, "{} \"{}\"", kw(dsl::kw::alias), a.alias);
      line(0, "}}");
    }
    line(0, "");
  }

  void groups() {
    std::vector<std::string> deps, dists, infra{"SXD", "SGTVT", "STNMT", "SNNPTNT", "BQL_KKT"};
    for (std::size_t i = kFirstDepartment; i < kFirstDistrict; ++i) deps.emplace_back(kAgencies[i].id);
    for (std::size_t i = kFirstDistrict; i < kAgencies.size(); ++i) dists.emplace_back(kAgencies[i].id);
    auto group = [&](sv id, sv name, const std::vector<std::string>& members) {
      line(0, "{} {} \"{}\" {{", kw(dsl::kw::group), id, name);
      line(1, "{} {}", kw(dsl::kw::members), join(members));
      line(0, "}}");
    };
    group("G_SBN", "Các sở, ban, ngành cấp tỉnh", deps);
    group("G_UBNDH", "UBND các huyện, thị xã, thành phố", dists);
    group("G_HATANG", "Các sở quản lý hạ tầng chuyên ngành", infra);
    line(0, "");
  }

  void holidays() {
    struct H {
      sv from, to, name;
      bool work;
    };
    static constexpr std::array<std::pair<int, std::array<H, 6>>, 2> kYears{{
        {2024,
         {{{"01/01/2024", "", "Tết Dương lịch", false},
           {"08/02/2024", "14/02/2024", "Tết Nguyên đán", false},
           {"18/04/2024", "", "Giỗ Tổ Hùng Vương", false},
           {"27/04/2024", "01/05/2024", "Ngày Chiến thắng và Quốc tế Lao động", false},
           {"04/05/2024", "", "Làm bù ngày 29/04/2024", true},
           {"31/08/2024", "03/09/2024", "Quốc khánh", false}}}},
        {2025,
         {{{"01/01/2025", "", "Tết Dương lịch", false},
           {"25/01/2025", "02/02/2025", "Tết Nguyên đán", false},
           {"07/04/2025", "", "Giỗ Tổ Hùng Vương", false},
           {"30/04/2025", "04/05/2025", "Ngày Chiến thắng và Quốc tế Lao động", false},
           {"26/04/2025", "", "Làm bù ngày 02/05/2025", true},
           {"30/08/2025", "02/09/2025", "Quốc khánh", false}}}},
    }};
    for (const auto& [year, days] : kYears) {
      line(0, "{} {} {{", kw(dsl::kw::holidays), year);
      line(1, "{} \"Thông báo của Bộ Lao động - Thương binh và Xã hội\"", kw(dsl::kw::source));
      for (const auto& h : days) {
        sv k = h.work ? kw(dsl::kw::working_day) : kw(dsl::kw::holiday);
        if (h.to.empty()) {
          line(1, "{} {} \"{}\"", k, h.from, h.name);
        } else {
          line(1, "{} {} - {} \"{}\"", k, h.from, h.to, h.name);
        }
      }
      line(0, "}}");
    }
    line(0, "");
  }

  void external_events() {
    struct E {
      sv id, title;
    };
    static constexpr std::array<E, 5> kKinds{{{"TTG_DUYET", "Thủ tướng Chính phủ phê duyệt"},
                                              {"BXD_THAM_DINH", "Bộ Xây dựng có ý kiến thẩm định"},
                                              {"HDND_THONG_QUA", "HĐND tỉnh thông qua"},
                                              {"BKHDT_CHAP_THUAN", "Bộ Kế hoạch và Đầu tư chấp thuận"},
                                              {"CP_BAN_HANH", "Chính phủ ban hành nghị định về"}}};
    std::size_t n = 5 + o_.tasks / 1000;
    line(0, "# Sự kiện bên ngoài mà các nhiệm vụ chờ");
    for (std::size_t i = 0; i < n; ++i) {
      const auto& k = kKinds[i % kKinds.size()];
      std::string id = fmt::format("{}_{}", k.id, i / kKinds.size() + 1);
      std::string t = fmt::format("{} {}", k.title, rng_.pick(kObjects));
      ++stats_.events;
      if (i % 10 == 9) {  // declared, but nobody waits for it (and nobody follows it up)
        line(0, "{} {} \"{}\"", kw(dsl::kw::event), id, t);
        continue;
      }
      line(0, "{} {} \"{}\" {{", kw(dsl::kw::event), id, t);
      EventInfo e{id, 0};
      if (i % 5 != 0) {  // every fifth has no expected date
        int q = rng_.between_i(1, 4), y = rng_.between_i(2023, 2026);
        line(1, "{} {}", kw(dsl::kw::expected), quarter(q, y));
        e.expected_end = quarter_end(y, q);
      }
      line(1, "{} SXD", kw(dsl::kw::follow_up));
      if (rng_.percent(50)) line(1, "{} \"Phụ lục 1, mục {}\"", kw(dsl::kw::source), i + 1);
      line(0, "}}");
      events_.push_back(std::move(e));
    }
    line(0, "");
  }

  void indicator(int indent, const std::string& id, const IndicatorDef& d, sv place, sv part_of) {
    ++stats_.indicators;
    line(indent, "{} {} \"{}{}{}\" {{", kw(dsl::kw::indicator), id, d.name, place.empty() ? "" : " ", place);
    line(indent + 1, "{} \"{}\"", kw(dsl::kw::unit), d.unit);
    double target = d.target;
    if (rng_.percent(15)) {
      line(indent + 1, "{} {} {} {} {} {} 2030", kw(dsl::kw::target), kw("từ", "between"), number(target - 5 > 0 ? target - 5 : 0),
           kw("đến", "and"), number(target), kw(dsl::kw::in_year));
    } else {
      line(indent + 1, "{} {} {} {} 2030", kw(dsl::kw::target), kw(dsl::kw::at_least), number(target), kw(dsl::kw::in_year));
    }
    line(indent + 1, "{} {} {} 2020", kw(dsl::kw::baseline), number(d.base), kw(dsl::kw::in_year));
    double mid = static_cast<double>(static_cast<long>((d.base + target) * 5)) / 10;
    line(indent + 1, "{} {} 2025: {}, {} 2030: {}", kw(dsl::kw::trajectory), kw(dsl::kw::in_year), number(mid), kw(dsl::kw::in_year),
         number(target));
    line(indent + 1, "{} {}", kw(dsl::kw::owners), lead_agency());
    if (!part_of.empty()) line(indent + 1, "{} {}", kw(dsl::kw::part_of), part_of);
    line(indent, "}}");
  }

  void top_indicators() {
    line(0, "# Chỉ tiêu chung của Kế hoạch");
    for (std::size_t i = 0; i < kIndicators.size(); ++i) indicator(0, fmt::format("CT_TONG_{}", i + 1), kIndicators[i], "", "");
    line(0, "");
  }

  void top_duties() {
    line(0, "{} BC_NAM \"Báo cáo kết quả thực hiện Kế hoạch hằng năm\" {{", kw(dsl::kw::duty));
    line(1, "{}", kw("định kỳ hằng năm (trước ngày 30/11)", "every year (before day 30/11)"));
    line(1, "{}", kw("giai đoạn 2023 - 2030", "period 2023 to 2030"));
    line(1, "{} {}", kw(dsl::kw::done_by), kw(dsl::kw::all_leads));
    line(1, "{} UBND_TINH {} SXD", kw(dsl::kw::to), kw(dsl::kw::via));
    line(1, "{} \"Báo cáo kết quả thực hiện năm\"", kw(dsl::kw::deliverable));
    line(1, "{} \"Mục IV.2\"", kw(dsl::kw::source));
    line(0, "}}");
    line(0, "{} BC_6THANG \"Báo cáo sơ kết 6 tháng\" {{", kw(dsl::kw::duty));
    line(1, "{}", kw("định kỳ 6 tháng (trước ngày 15)", "every six months (before day 15)"));
    line(1, "{} {}", kw(dsl::kw::done_by), kw(dsl::kw::all_leads));
    line(1, "{} SXD", kw(dsl::kw::to));
    line(0, "}}");
    line(0, "{} BC_TONG_KET \"Sơ kết, tổng kết thực hiện Nghị quyết\" {{", kw(dsl::kw::duty));
    line(1, "{}", kw("vào các năm 2025, 2030 (trước ngày 15/12)", "in years 2025, 2030 (before day 15/12)"));
    line(1, "{} SXD, SKHDT", kw(dsl::kw::done_by));
    line(1, "{} UBND_TINH", kw(dsl::kw::to));
    line(1, "{} \"Báo cáo sơ kết, tổng kết\"", kw(dsl::kw::deliverable));
    line(0, "}}");
    line(0, "");
    stats_.duties += 3;
  }

  void section_duty(int indent, const std::string& section_id) {
    ++stats_.duties;
    static constexpr std::array<std::pair<sv, sv>, 3> kEvery{{{"định kỳ hằng quý (trước ngày 20)", "every quarter (before day 20)"},
                                                              {"định kỳ hằng tháng (trước ngày 25)", "every month before day 25"},
                                                              {"định kỳ hằng năm (trước ngày 15/11)", "every year (before day 15/11)"}}};
    const auto& e = rng_.pick(kEvery);
    line(indent, "{} BC_{} \"Báo cáo tiến độ {}\" {{", kw(dsl::kw::duty), section_id, rng_.pick(kObjects));
    line(indent + 1, "{}", vi() ? e.first : e.second);
    line(indent + 1, "{} {}", kw(dsl::kw::done_by), lead_agency());
    line(indent + 1, "{} SXD", kw(dsl::kw::to));
    line(indent, "}}");
  }

  /// A task declared before task `t`; mostly near it, as in the real plan.
  std::size_t earlier_task(std::size_t t, std::size_t section_start) {
    auto r = rng_.between(0, 99);
    if (r < 65 && t > section_start) return rng_.between(section_start, t - 1);
    if (r < 90) return rng_.between(t > 500 ? t - 500 : 0, t - 1);
    return rng_.between(0, t - 1);
  }

  /// Up to n distinct earlier tasks that `ok` accepts, in declaration order. A few tries per name,
  /// so that a task due early still gets some links.
  template <typename Ok>
  std::vector<std::string> earlier_tasks(std::size_t t, std::size_t section_start, std::size_t n, Ok ok) {
    std::vector<std::size_t> picked;
    if (t == 0) return {};
    for (std::size_t i = 0; i < n; ++i) {
      for (int attempt = 0; attempt < 6; ++attempt) {
        auto k = earlier_task(t, section_start);
        if (!ok(tasks_[k])) continue;
        if (std::find(picked.begin(), picked.end(), k) == picked.end()) picked.push_back(k);
        break;
      }
    }
    std::sort(picked.begin(), picked.end());
    std::vector<std::string> out;
    for (auto k : picked) out.push_back(tasks_[k].id);
    return out;
  }

  void task(int indent, const std::string& id, std::size_t section_start) {
    std::size_t t = tasks_.size();
    ++stats_.tasks;
    TaskInfo me{id};
    // Waived tasks are decided now, so that no start condition or event waits for one.
    bool waived_inside = rng_.percent(1);
    bool waived_later = !waived_inside && rng_.between(0, 1999) == 0;
    me.waived = waived_inside || waived_later;
    if (waived_later) waived_later_.push_back(id);

    if (rng_.percent(8)) line(indent, "# {} {}", kw("Nhiệm vụ", "Task"), id);
    line(indent, "{} {} \"{}\" {{", kw(dsl::kw::task), id, title());
    if (rng_.percent(70)) {
      sv quote = rng_.percent(3) ? "\\\"" : "";
      line(indent + 1, "{} \"{}{} {} {}{}, {}\"", kw(dsl::kw::content), quote, rng_.pick(kVerbs), rng_.pick(kObjects), rng_.pick(kPlaces),
           quote, rng_.pick(kPurposes));
    }
    sv lead = lead_agency();
    sv second = rng_.percent(10) ? lead_agency() : lead;
    if (second != lead) {
      line(indent + 1, "{} {}, {}", kw(dsl::kw::lead), lead, second);
    } else {
      line(indent + 1, "{} {}", kw(dsl::kw::lead), lead);
    }
    auto support = support_agencies(lead);
    if (!support.empty()) line(indent + 1, "{} {}", kw(dsl::kw::support), join(support));
    if (rng_.percent(60)) line(indent + 1, "{} \"{}\"", kw(dsl::kw::deliverable), rng_.pick(kDeliverables));

    // The due time first: links are then chosen so that no task is due before what it needs
    // (the engine reports that as an error).
    bool triggered = t > 0 && rng_.percent(15);
    bool has_due = triggered || rng_.percent(95);
    Due due = has_due ? due_text(triggered) : Due{};
    me.dated = due.dated;
    me.start = due.start;
    me.end = due.end;
    auto before_me = [&](int date) { return !due.dated || date <= due.end; };

    if (triggered) {
      auto r = rng_.between(0, 99);
      std::string on;
      if (r < 50) {
        for (int attempt = 0; attempt < 6 && on.empty(); ++attempt) {
          const auto& e = events_[rng_.between(0, events_.size() - 1)];
          if (!e.expected_end || before_me(e.expected_end)) on = e.id;
        }
        if (on.empty()) on = events_.front().id;  // the first has no expected date
        line(indent + 1, "{} {}", kw(dsl::kw::starts_after), on);
        ++stats_.trigger_edges;
      } else {
        bool all = r < 80;
        auto names = earlier_tasks(t, section_start, all ? rng_.between(2, 3) : 2,
                                   [&](const TaskInfo& x) { return !x.waived && (!x.dated || before_me(x.end)); });
        if (names.empty()) names.push_back(events_.front().id);
        stats_.trigger_edges += names.size();
        if (names.size() == 1) {
          line(indent + 1, "{} {}", kw(dsl::kw::starts_after), names[0]);
        } else {
          line(indent + 1, "{} {} {}", kw(dsl::kw::starts_after), all ? kw(dsl::kw::all_of) : kw(dsl::kw::any_of), join(names));
        }
      }
    }
    // 0..7 names, 3.1 on average (fewer once dates rule some out); with start conditions and
    // events about 3 edges per task.
    static constexpr std::array<int, 20> kCounts{0, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 5, 6, 7};
    auto deps = earlier_tasks(t, section_start, static_cast<std::size_t>(rng_.pick(kCounts)),
                              [&](const TaskInfo& x) { return !x.dated || before_me(x.start); });
    if (!deps.empty()) {
      stats_.depends_edges += deps.size();
      line(indent + 1, "{} {}", kw(dsl::kw::depends_on), join(deps));
    }
    if (has_due) {
      if (rng_.percent(8)) {
        line(indent + 1, "{} {} {} \"Phụ lục 2, mục {}\"", kw(dsl::kw::due), due.text, kw(dsl::kw::per), id);
        // A second source that agrees (one that disagrees is a warning of the engine).
        if (rng_.percent(25)) {
          line(indent + 1, "{} {} {} \"Công văn số {}/UBND-CN\"", kw(dsl::kw::due), due.text, kw(dsl::kw::per), rng_.between(100, 9999));
        }
      } else if (rng_.percent(2)) {
        line(indent + 1, "{} {}  # {}", kw(dsl::kw::due), due.text, kw("theo văn bản gốc", "as in the decision"));
      } else {
        line(indent + 1, "{} {}", kw(dsl::kw::due), due.text);
      }
    }
    if (rng_.percent(20)) {
      static constexpr std::array<sv, 3> kUnitsVi{"ngày", "tháng", "ngày làm việc"};
      static constexpr std::array<sv, 3> kUnitsEn{"days", "months", "working days"};
      auto u = rng_.between(0, 2);
      line(indent + 1, "{} {} {}", kw(dsl::kw::duration), u == 1 ? rng_.between(1, 24) : rng_.between(5, 180),
           vi() ? kUnitsVi[u] : kUnitsEn[u]);
    }
    if (rng_.percent(5)) {
      line(indent + 1, "{} P_KHAN", kw(dsl::kw::escalation));
    } else if (rng_.percent(1)) {
      line(indent + 1, "{} {}", kw(dsl::kw::escalation), kw(dsl::kw::none));
    }
    if (rng_.percent(30)) line(indent + 1, "{} \"Phụ lục 2, mục {}\"", kw(dsl::kw::source), id);
    if (rng_.percent(5)) line(indent + 1, "{} \"{}\"", kw(dsl::kw::note), rng_.pick(kNotes));
    if (waived_inside) {
      line(indent + 1, "{} \"Quyết định số {}/QĐ-UBND\" {} \"Nhiệm vụ đã được lồng ghép vào nhiệm vụ khác\"", kw(dsl::kw::waived_by),
           rng_.between(100, 9999), kw(dsl::kw::reason));
    }
    line(indent, "}}");
    tasks_.push_back(std::move(me));

    // Now and then an event marks the end of this task and of a few before it.
    if (rng_.percent(4) && !tasks_.back().waived) {
      auto after = earlier_tasks(t + 1, section_start, rng_.between(1, 3), [](const TaskInfo& x) { return !x.waived; });
      if (std::find(after.begin(), after.end(), id) == after.end()) after.push_back(id);
      EventInfo e{"SK_" + id, 0};
      line(indent, "{} {} \"Hoàn thành {}\" {{", kw(dsl::kw::event), e.id, rng_.pick(kObjects));
      line(indent + 1, "{} {}", kw(dsl::kw::after), join(after));
      if (rng_.percent(30)) {
        int q = rng_.between_i(1, 4), y = rng_.between_i(2024, 2030);
        line(indent + 1, "{} {}", kw(dsl::kw::expected), quarter(q, y));
        e.expected_end = quarter_end(y, q);
      }
      line(indent + 1, "{} {}", kw(dsl::kw::follow_up), lead_agency());
      line(indent, "}}");
      stats_.after_edges += after.size();
      ++stats_.events;
      events_.push_back(std::move(e));
    }
  }

  void section_body(int indent, const std::string& id, std::size_t n) {
    std::size_t start = tasks_.size();
    for (std::size_t i = 1; i <= n; ++i) task(indent, fmt::format("{}.{}", id, i), start);
    if (rng_.percent(5)) section_duty(indent, id);
  }

  void top_section(const TopSection& s, std::size_t index) {
    ++stats_.sections;
    line(0, "# ---- {} {}", kw("Phụ lục 2, phần", "Appendix 2, part"), s.id);
    line(0, "{} {} \"{}\" {{", kw(dsl::kw::section), s.id, kSectionTitles[index % kSectionTitles.size()]);
    line(1, "{} \"Phụ lục 2, mục {}\"", kw(dsl::kw::source), s.id);
    if (rng_.percent(5)) line(1, "{} P_KHAN", kw(dsl::kw::escalation));
    if (s.flat) {
      section_body(1, s.id, s.sizes.front());
    } else {
      for (std::size_t i = 0; i < s.sizes.size(); ++i) {
        ++stats_.sections;
        std::string sub = fmt::format("{}.{}", s.id, i + 1);
        line(1, "{} {} \"{} {}\" {{", kw(dsl::kw::section), sub, "Nhóm nhiệm vụ về", rng_.pick(kObjects));
        if (rng_.percent(30)) line(2, "{} \"Phụ lục 2, mục {}\"", kw(dsl::kw::source), sub);
        section_body(2, sub, s.sizes[i]);
        line(1, "}}");
      }
    }
    if (rng_.percent(25)) {
      auto k = rng_.between(1, 2);
      for (std::size_t i = 0; i < k; ++i) {
        auto which = rng_.between(0, kIndicators.size() - 1);
        indicator(1, fmt::format("CT_{}_{}", s.id, i + 1), kIndicators[which], rng_.pick(kPlaces), fmt::format("CT_TONG_{}", which + 1));
      }
    }
    line(0, "}}");
    line(0, "");
  }

  void waivers() {
    for (const auto& id : waived_later_) {
      line(0, "{} {} {} \"Quyết định số {}/QĐ-UBND\" {} \"Nhiệm vụ không còn phù hợp\"", kw(dsl::kw::waive), id, kw(dsl::kw::by_document),
           rng_.between(100, 9999), kw(dsl::kw::reason));
    }
  }

  const GenOptions& o_;
  const GenSink& sink_;
  Rng rng_;   // structure: the same for both keyword languages
  Rng form_;  // choices between equivalent spellings of one literal, which differ by language
  std::vector<TopSection> tops_;
  std::vector<TaskInfo> tasks_;            // in declaration order
  std::vector<EventInfo> events_;          // those a task may wait for; the first has no expected date
  std::vector<std::string> waived_later_;  // waived by a `dừng` declaration at the end
  std::string buf_;
  std::size_t file_ = 0;
  GenStats stats_;
};

}  // namespace

GenStats generate_plan(const GenOptions& options, const GenSink& sink) {
  return Generator(options, sink).run();
}

std::string plan_file_name(std::size_t index, std::size_t files) {
  int width = files < 10 ? 1 : files < 100 ? 2 : files < 1000 ? 3 : 6;
  return fmt::format("plan-{:0{}}.rules", index + 1, std::max(width, 2));
}

}  // namespace dondoc::bench
