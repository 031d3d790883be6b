#include "runtime/smtp.hpp"

#include <curl/curl.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <mutex>

#include "runtime/sinks.hpp"

namespace dondoc::runtime {

namespace {

bool plain_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

/// Lines of at most 76 characters, CRLF after each.
std::string base64_lines(std::string_view bytes) {
  std::string b = base64(bytes), out;
  for (std::size_t i = 0; i < b.size(); i += 76) out += b.substr(i, 76) + "\r\n";
  return out;
}

struct Upload {
  std::string_view text;
  std::size_t done = 0;
};

extern "C" std::size_t read_upload(char* buf, std::size_t size, std::size_t n, void* user) {
  auto* u = static_cast<Upload*>(user);
  std::size_t len = std::min(size * n, u->text.size() - u->done);
  std::memcpy(buf, u->text.data() + u->done, len);
  u->done += len;
  return len;
}

class SmtpSink final : public Sink {
 public:
  SmtpSink(std::string name, std::string url, MailSettings settings, std::string password)
      : name_(std::move(name)), url_(std::move(url)), settings_(std::move(settings)), password_(std::move(password)) {}
  ~SmtpSink() override {
    if (curl_) curl_easy_cleanup(curl_);
  }

  const std::string& name() const override { return name_; }
  bool per_recipient() const override { return true; }

  DeliveryResult deliver(const Delivery& d) override {
    std::optional<Mail> mail = settings_.compose(d);
    if (!mail) {
      spdlog::warn(
          "sink '{}': escalation {} to {} is undeliverable: the agency has no e-mail address in the rules and no --mail-fallback is set",
          name_, d.id, d.recipient);
      return DeliveryResult::delivered();  // nothing to retry: the rules must say where it goes
    }
    return send(*mail);
  }

 private:
  DeliveryResult send(const Mail& m) {
    if (!curl_ && !(curl_ = curl_easy_init())) return DeliveryResult::failed("SMTP: curl_easy_init failed");
    std::string text = render_mail(m, settings_.from);
    Upload up{text};
    curl_slist* rcpt = nullptr;
    for (const auto& a : m.to) rcpt = curl_slist_append(rcpt, ("<" + a + ">").c_str());
    for (const auto& a : m.cc) rcpt = curl_slist_append(rcpt, ("<" + a + ">").c_str());
    std::string from = "<" + settings_.from + ">";
    char err[CURL_ERROR_SIZE] = "";
    CURL* c = curl_;
    curl_easy_setopt(c, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
    curl_easy_setopt(c, CURLOPT_READDATA, &up);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, err);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(settings_.timeout.count()));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(2 * settings_.timeout.count()));
    if (settings_.starttls) curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    if (!settings_.user.empty()) {
      curl_easy_setopt(c, CURLOPT_USERNAME, settings_.user.c_str());
      curl_easy_setopt(c, CURLOPT_PASSWORD, password_.c_str());
    }
    CURLcode rc = curl_easy_perform(c);
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, static_cast<curl_slist*>(nullptr));
    curl_slist_free_all(rcpt);
    if (rc == CURLE_OK) return DeliveryResult::delivered();
    std::string why =
        fmt::format("SMTP {}: {}{}", url_, err[0] ? err : curl_easy_strerror(rc), code ? fmt::format(" (reply {})", code) : "");
    // The server answered about this mail (a refused recipient, a full mailbox): this agency waits,
    // the others go on. No answer, "service not available" or a refused login holds the whole sink.
    if (code >= 400 && code != 421 && rc != CURLE_LOGIN_DENIED) return DeliveryResult::failed(std::move(why));
    curl_easy_cleanup(curl_);  // a fresh connection next time
    curl_ = nullptr;
    return DeliveryResult::unavailable(std::move(why));
  }

  std::string name_, url_;
  MailSettings settings_;
  std::string password_;
  CURL* curl_ = nullptr;
};

}  // namespace

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[v & 63] : '=';
  }
  return out;
}

std::string encode_header_word(std::string_view text) {
  if (plain_ascii(text) && text.size() <= 900) return std::string(text);
  // 45 bytes of UTF-8 make 60 base64 characters: with `=?UTF-8?B?` and `?=`, 72 ≤ 75.
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t end = std::min(i + 45, text.size());
    while (end < text.size() && end > i && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;  // not inside a character
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(text.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string render_mail(const Mail& m, std::string_view from) {
  std::string to;
  for (const auto& a : m.to) to += (to.empty() ? "" : ",\r\n ") + a;
  std::string cc;
  for (const auto& a : m.cc) cc += (cc.empty() ? "" : ",\r\n ") + a;
  if (!cc.empty()) to += "\r\nCc: " + cc;
  std::string body;
  for (std::size_t i = 0; i < m.body.size();) {  // CRLF line ends in the text that is encoded
    std::size_t nl = m.body.find('\n', i);
    std::size_t end = nl == std::string::npos ? m.body.size() : nl;
    body.append(m.body, i, end - i);
    if (nl != std::string::npos) body += "\r\n";
    i = nl == std::string::npos ? m.body.size() : nl + 1;
  }
  return fmt::format(
      "Date: {}\r\nFrom: {}\r\nTo: {}\r\nSubject: {}\r\nMessage-ID: <{}>\r\nX-Dondoc-Escalation: {}\r\nMIME-Version: 1.0\r\n"
      "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{}",
      m.date, from, to, encode_header_word(m.subject), m.message_id, m.escalation_id, base64_lines(body));
}

std::unique_ptr<Sink> make_smtp_sink(std::string name, const std::string& spec, const std::string& url, const MailSettings& settings) {
  std::size_t scheme_end = url.find("://");
  std::string host = scheme_end == std::string::npos ? "" : url.substr(scheme_end + 3);
  std::size_t slash = host.find('/');
  std::string authority = host.substr(0, slash);
  std::size_t colon = authority.rfind(':');
  bool port_ok = colon == std::string::npos || (colon + 1 < authority.size() && authority.size() - colon <= 6 &&
                                                std::all_of(authority.begin() + static_cast<long>(colon) + 1, authority.end(),
                                                            [](char c) { return c >= '0' && c <= '9'; }));
  if (!url.starts_with("smtp://") && !url.starts_with("smtps://"))
    throw SinkSpecError(fmt::format("bad sink spec '{}': expected smtp://HOST:PORT", spec));
  if (authority.empty() || colon == 0 || !port_ok || authority.find_first_of(" \t@") != std::string::npos)
    throw SinkSpecError(fmt::format("bad sink spec '{}': expected smtp://HOST:PORT, such as smtp://127.0.0.1:25", spec));
  if (settings.from.empty()) throw SinkSpecError(fmt::format("sink '{}': --mail-from ADDRESS is required to send mail", name));
  if (!settings.compose) throw SinkSpecError(fmt::format("sink '{}': no mail composer", name));
  std::string password;
  if (!settings.password_file.empty()) {
    std::ifstream in(settings.password_file);
    if (!in || !std::getline(in, password))
      throw SinkSpecError(fmt::format("sink '{}': cannot read the password file {}", name, settings.password_file));
    if (!password.empty() && password.back() == '\r') password.pop_back();
  }
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  return std::make_unique<SmtpSink>(std::move(name), url, settings, std::move(password));
}

}  // namespace dondoc::runtime
