/* Plugins compiled into the core (currently the `null` sink). */
#ifndef AF_BUILTIN_H
#define AF_BUILTIN_H

#include "loader.h"

int af_builtin_register(af_registry *reg);

#endif /* AF_BUILTIN_H */
