// The leads client library (umbrella header).
//   leads/signer.h  the X-Signature scheme
//   leads/client.h  typed calls to the platform's interfaces
//   leads/lead.h    a lead by field name
//   leads/push.h    verifying pushes in your own endpoint
//   leads/result.h  Error and Result<T>
#pragma once

#include "leads/client.h"
#include "leads/lead.h"
#include "leads/push.h"
#include "leads/result.h"
#include "leads/signer.h"
