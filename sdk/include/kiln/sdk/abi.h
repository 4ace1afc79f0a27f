/* The native buildpack ABI: everything that crosses dlopen between kiln and a
 * buildpack library, in plain C, so a plugin built with another compiler,
 * standard library, -std, _GLIBCXX_USE_CXX11_ABI or JSON library still works.
 * Modelled on Envoy's dynamic modules and Redis modules: a version first in
 * every struct, structs only ever grow at the end, errors are values.
 *
 * A buildpack library exports four functions (KILN_BUILDPACK in plugin.hpp
 * writes them for a C++ class; a C author writes them by hand):
 *
 *   const kiln_info* kiln_buildpack_info(void);
 *   int32_t kiln_buildpack_detect(const kiln_host* host, kiln_output* out);
 *   int32_t kiln_buildpack_generate(const kiln_host* host, const char* request, size_t request_size,
 *                                   kiln_output* out);
 *   void    kiln_buildpack_free(kiln_output out);
 *
 * detect writes a Detection as JSON text, generate a BuildPlan (both described
 * by the JSON Schemas in sdk/schema/). generate's request is JSON:
 * {"detection": <what detect returned>, "options": {dockerfile, target, service, build_args, extra}}.
 * Both return KILN_OK, or an error status with {"message": "..."} in out.
 * Whatever a call writes to out is released by kiln_buildpack_free, in the
 * library that allocated it. No C++ exception may leave any of these functions.
 *
 * Versions: KILN_ABI_VERSION is N. kiln loads a library whose [abi_min, abi_max]
 * overlaps the versions it speaks (N-1 and N at least), tells it the version it
 * chose in kiln_host.abi_version, and refuses anything else naming both ranges.
 *   1: the source tree table (exists, is_dir, read, list, glob, name).
 *   2: kiln_host.log.
 *   3: kiln_host.yaml_to_json.
 */
#ifndef KILN_SDK_ABI_H
#define KILN_SDK_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KILN_ABI_VERSION 3
#define KILN_ABI_VERSION_MIN 1 /* the oldest version this header still describes */

#if defined(_WIN32)
#define KILN_EXPORT __declspec(dllexport)
#else
#define KILN_EXPORT __attribute__((visibility("default")))
#endif

/* What detect and generate return. */
#define KILN_OK 0
#define KILN_PROJECT_ERROR 1  /* the project is recognisably broken: the message is for the user, as written */
#define KILN_INTERNAL_ERROR 2 /* a bug or a failure inside the buildpack */

/* kiln_host.log levels. */
#define KILN_LOG_INFO 0
#define KILN_LOG_WARNING 1

/* Bytes owned by kiln: valid until the next call on the same kiln_host, or until the call into the plugin returns. */
typedef struct kiln_bytes {
  const char* data;
  size_t size;
} kiln_bytes;

/* Bytes owned by the plugin, handed back to kiln_buildpack_free. */
typedef struct kiln_output {
  char* data;
  size_t size;
} kiln_output;

/* The read-only source tree, and the host's services. Paths are relative to the
 * app root, '/'-separated, not NUL-terminated (a size comes with each). Absolute
 * paths, ".." and links that leave the root read as absent. */
typedef struct kiln_host {
  uint32_t struct_size; /* sizeof(kiln_host) as kiln was built: check it before using a later field */
  uint32_t abi_version; /* the version kiln chose for this library */
  void* context;
  int32_t (*exists)(void* context, const char* path, size_t path_size);
  int32_t (*is_dir)(void* context, const char* path, size_t path_size);
  /* 1, with the file's bytes in *out, when path is a regular file of at most max_bytes; else 0. */
  int32_t (*read)(void* context, const char* path, size_t path_size, uint64_t max_bytes, kiln_bytes* out);
  /* Sorted entry names of a folder ("" is the root), sub-folders ending in '/', each followed by '\0'. */
  void (*list)(void* context, const char* dir, size_t dir_size, kiln_bytes* out);
  /* Sorted paths matching a pattern ('*', '?', '**'), each followed by '\0'; heavy folders are not entered. */
  void (*glob)(void* context, const char* pattern, size_t pattern_size, kiln_bytes* out);
  /* The app folder's own name. */
  void (*name)(void* context, kiln_bytes* out);
  /* Since version 2: a line for the user's build log. */
  void (*log)(void* context, int32_t level, const char* message, size_t message_size);
  /* Since version 3: YAML text (the first document of a stream) as JSON text in *out, with YAML 1.2's
   * core schema for plain scalars, as Lua buildpacks' tree:yaml reads it; 1 on success, else 0 with
   * a one-line reason in *out. kiln parses it, so a buildpack needs no YAML library of its own (and
   * loading one, with the shared C++ runtime it pulls in, cost a fresh `kiln detect` 1.4 ms). */
  int32_t (*yaml_to_json)(void* context, const char* text, size_t text_size, kiln_bytes* out);
} kiln_host;

/* Read before anything else of the library is called. Who the buildpack is
 * (id, version, priority, what it looks for) is written once, in the
 * buildpack.toml beside the library, which kiln reads before loading it. */
typedef struct kiln_info {
  uint32_t abi_min; /* the range of ABI versions the library speaks */
  uint32_t abi_max;
  uint32_t struct_size; /* sizeof(kiln_info) as the library was built */
} kiln_info;

#define KILN_SYMBOL_INFO "kiln_buildpack_info"
#define KILN_SYMBOL_DETECT "kiln_buildpack_detect"
#define KILN_SYMBOL_GENERATE "kiln_buildpack_generate"
#define KILN_SYMBOL_FREE "kiln_buildpack_free"

typedef const kiln_info* (*kiln_info_fn)(void);
typedef int32_t (*kiln_detect_fn)(const kiln_host* host, kiln_output* out);
typedef int32_t (*kiln_generate_fn)(const kiln_host* host, const char* request, size_t request_size, kiln_output* out);
typedef void (*kiln_free_fn)(kiln_output out);

#ifdef __cplusplus
}
#endif

#endif /* KILN_SDK_ABI_H */
