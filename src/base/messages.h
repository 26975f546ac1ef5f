// The engine's messages: each error or warning of the table reader, the model checker and the
// column mapping has a stable code ("table.no_column") and named parameters (column, row,
// path, value, closest...), and its English text is made from them by the one catalogue in
// messages.cpp: the English text of a message is written there only. The page shows the same
// code and parameters in its own language (web/i18n/messages-*.js hold a text per code; the
// templates there use the same syntax).
//
// Template syntax: {name} the parameter's value as given (empty when absent); {name|table} the
// value's word in the language's word table `table` (the value itself when it has none);
// {name?TEXT} TEXT when the parameter is given and not empty, {!name?TEXT} when it is not;
// TEXT may hold placeholders and conditionals of its own.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kenko {

using MessageParams = std::vector<std::pair<std::string, std::string>>;

struct Message {
  std::string code;  // empty: an uncoded message (its text is `fallback`)
  MessageParams params;
  std::string fallback;
  Message() = default;
  Message(std::string c, MessageParams p) : code(std::move(c)), params(std::move(p)) {}
  // An uncoded message, for texts that are not (yet) in the catalogue.
  static Message plain(std::string text) {
    Message m;
    m.fallback = std::move(text);
    return m;
  }
  // The English text (the catalogue's template with the parameters).
  std::string text() const;
  // The value of parameter `name`, or "".
  std::string param(std::string_view name) const;
};

// The English text of `code` with `params`. An unknown code gives "" (a test checks that every
// code used has a template).
std::string english_message(std::string_view code, const MessageParams& params);

// Fills a template (the syntax above) with `params`; `word(table, value)` gives a table's word.
std::string fill_message_template(std::string_view tmpl, const MessageParams& params,
                                  std::string (*word)(std::string_view table,
                                                      std::string_view value));

struct MessageTemplate {
  const char* code;
  const char* english;
};
// Every code with its English template, in the catalogue's order.
const std::vector<MessageTemplate>& message_catalogue();

// The parameters describing a list of rows (read/table.h's RowList): count, rows ("4, 5, 6"),
// several (when more than one row is listed) and more (when not every row is listed).
MessageParams row_list_params(uint64_t count, const std::vector<uint64_t>& first);

}  // namespace kenko
