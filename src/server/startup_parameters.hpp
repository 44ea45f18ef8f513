#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stockroom {

class Connection;
class MessageReader;

// What a StartupMessage asks for, after the protocol version.
struct StartupPacket {
  std::string user;
  std::string database;  // defaults to the user name, as libpq and the server do
  // Settings to apply with SET, in order: every other key (application_name, DateStyle,
  // TimeZone, client_encoding, extra_float_digits, ...) and the `options` switches.
  std::vector<std::pair<std::string, std::string>> settings;
};

// Reads the key/value pairs of a StartupMessage (08P01 when malformed, 28000 without user).
StartupPacket ParseStartupPacket(MessageReader& reader);

// Splits the `options` value ("-c search_path=x --DateStyle=ISO", backslash escapes a space)
// into name/value pairs; throws 08P01 for anything else (PostgreSQL's command-line switches
// beyond -c and --name=value mean nothing here).
std::vector<std::pair<std::string, std::string>> ParseOptionsSwitches(std::string_view options);

// The server_version clients see: libpq's PQserverVersion reads "15.0" as 150000.
constexpr const char* kReportedServerVersion = "15.0 (Stockroom)";

// The ParameterStatus set PostgreSQL 15 reports after authentication (and again, each that
// changed, after a statement): their current values on `connection`. `client_encoding` is
// UTF8, or SQL_ASCII for a client that asked for no conversion.
std::vector<std::pair<std::string, std::string>> ReportedParameters(Connection& connection, bool superuser,
                                                                    const std::string& client_encoding);

}  // namespace stockroom
