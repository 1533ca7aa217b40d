#pragma once
#include <aubio/aubio.h>
// The building blocks aubio.h offers only under AUBIO_UNSTABLE (their prototypes may change between aubio versions;
// Debian 12 ships 0.4.9): the peak picker, the beat tracker and the power-of-two helper.
#include <aubio/mathutils.h>
#include <aubio/onset/peakpicker.h>
#include <aubio/tempo/beattracking.h>
