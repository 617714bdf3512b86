// GB 11643 ID numbers and the sex they carry, as core names them. The one implementation is the
// card driver's (drivers/idcard/gb11643.h): the roster, the store and the card must agree.
#pragma once

#include "idcard/gb11643.h"

namespace gradbooth::core {

using idcard::Gender;
using idcard::gender_from_id;
using idcard::gender_zh;
using idcard::id_number_check_char;
using idcard::id_number_valid;
using idcard::mask_id_number;
using idcard::normalize_id_number;
using idcard::parse_gender;

}  // namespace gradbooth::core
