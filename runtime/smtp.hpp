#pragma once
// The mail sink (`--sink smtp://HOST:PORT`): each escalation as one e-mail per recipient agency,
// sent with libcurl's SMTP client. The mail itself (addresses, subject, body) is made by a
// `compose` function that knows the plan (runtime/mail.hpp); this part knows SMTP and MIME only.
//
// A mail is UTF-8 done right: the subject as RFC 2047 encoded words, the body one text/plain part
// in base64. Its Message-ID is derived from the escalation id and the agency, and its Date from the
// escalation's day, so a mail sent again after a crash or a failure is the same mail.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dondoc::runtime {

struct Delivery;
class Sink;

/// One e-mail, ready to send.
struct Mail {
  std::vector<std::string> to;  ///< the addresses (envelope and `To:`)
  std::vector<std::string> cc;  ///< copies (envelope and `Cc:`): the agencies of `đồng gửi`
  std::string subject, body;    ///< UTF-8; the body's lines end in '\n'
  std::string date;             ///< RFC 5322, e.g. `Thu, 04 May 2023 08:00:00 +0700`
  std::string message_id;       ///< without the angle brackets
  std::string escalation_id;    ///< written as `X-Dondoc-Escalation`
};

/// `--mail-*` options.
struct MailSettings {
  std::string from;           ///< `--mail-from`: the sender address (required by an smtp sink)
  std::string fallback;       ///< `--mail-fallback`: for agencies without an address; empty: none
  bool starttls = false;      ///< `--mail-starttls`: require STARTTLS on smtp://
  std::string user;           ///< `--mail-user`: log in as
  std::string password_file;  ///< `--mail-password-file`: the password, first line (never logged)
  std::chrono::milliseconds timeout{15000};
  /// Makes the mail of one delivery (one escalation to one agency); nullopt when the agency has
  /// no address and there is no fallback (undeliverable: logged, not retried). Set by the daemon.
  std::function<std::optional<Mail>(const Delivery&)> compose;
};

/// Makes an smtp:// sink named `name` for `url` (`smtp://HOST:PORT`, from the sink spec `spec`). Throws
/// SinkSpecError for a bad URL, a missing or invalid --mail-from or --mail-fallback, or a password
/// file that cannot be read.
std::unique_ptr<Sink> make_smtp_sink(std::string name, const std::string& spec, const std::string& url, const MailSettings& settings);

/// The message as sent (CRLF line ends): headers, a blank line, the base64 body.
std::string render_mail(const Mail& mail, std::string_view from);
/// A header value as RFC 2047 encoded words (`=?UTF-8?B?…?=`, each at most 75 characters, split
/// between characters, folded); plain printable ASCII is kept as it is.
std::string encode_header_word(std::string_view text);
std::string base64(std::string_view bytes);

}  // namespace dondoc::runtime
