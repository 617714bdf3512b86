// TransportConfig from the [card] table of gradbooth.toml (the only part of the file we read).
#pragma once

#include "gradbooth/result.h"
#include "idcard/card_reader.h"

#include <string>

namespace gradbooth::idcard {

// Missing keys keep TransportConfig's defaults; a missing [card] table is not an error.
Result<TransportConfig> load_card_config(const std::string &toml_path);
Result<TransportConfig> parse_card_config(const std::string &toml_text);

} // namespace gradbooth::idcard
