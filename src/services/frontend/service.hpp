#pragma once
// The web shop (brief: frontend): server-rendered pages in French for everything not under /apis/.
#include <memory>

#include "platform/service.hpp"

namespace rapidtrade::frontend {

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context);

}  // namespace rapidtrade::frontend
