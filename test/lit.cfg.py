# -*- Python -*-
#
# lit configuration of the async-tidy tests. The paths of the build come from
# lit.site.cfg.py, which CMake writes into the build tree: run lit on that
# directory, e.g. `lit -sv --param mode=plugin build/test`.
#
# Parameters:
#   mode=binary (default)  %check_clang_tidy runs async-tidy.
#   mode=plugin            %check_clang_tidy runs the clang-tidy of the LLVM
#                          we built against, with --load of the plugin.
# Each mode has its own output directory, so both can run at once.

import os
import re

import lit.formats

if not hasattr(config, "async_tidy_obj_root"):
    lit_config.fatal(
        "the async-tidy tests run from the build tree: "
        "lit <build>/test (lit.site.cfg.py is generated there by CMake)"
    )

mode = lit_config.params.get("mode", "binary")
if mode not in ("binary", "plugin"):
    lit_config.fatal("unknown mode=%s: expected binary or plugin" % mode)
if mode == "plugin" and not config.plugin:
    lit_config.fatal(
        "mode=plugin, but this build has no plugin (ASYNC_TIDY_SANITIZE=ON?)"
    )

config.name = "async-tidy-" + mode
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp", ".test"]
# Headers and inputs used by the tests, and the gtest sources of unit/: not
# lit tests.
config.excludes = ["Inputs", "unit"]
config.test_source_root = os.path.dirname(os.path.abspath(__file__))
config.test_exec_root = os.path.join(config.async_tidy_obj_root, "test", mode)

# clangd also reads the user's configuration (~/.config/clangd/config.yaml);
# keep the developer's own out of the tests.
user_config = os.path.join(config.test_exec_root, "user-config")
os.makedirs(user_config, exist_ok=True)
config.environment["XDG_CONFIG_HOME"] = user_config

config.available_features.add(mode + "-mode")
config.available_features.add("llvm-" + config.llvm_version_major)
if config.plugin:
    config.available_features.add("plugin")
if config.other_clang_tidy:
    config.available_features.add("other-clang-tidy")
if config.boost_found:
    config.available_features.add("boost")

if mode == "plugin":
    tidy_for_checks = "--clang-tidy=%s --load=%s" % (config.clang_tidy, config.plugin)
else:
    tidy_for_checks = "--clang-tidy=%s" % config.async_tidy

# Bare tool names, as in LLVM's own tests: replaced only as a whole word, so
# that `-implicit-check-not=`, `note:` or a path ending in /not stay as they
# are.
for tool in ("FileCheck", "not", "split-file"):
    config.substitutions.append(
        (
            r"(?<![\w./%%-])%s(?![\w.-])" % re.escape(tool),
            os.path.join(config.llvm_tools_dir, tool),
        )
    )

# None of these names is a prefix of another, so their order does not
# matter.
config.substitutions += [
    (
        "%check_clang_tidy",
        "%s %s %s --filecheck=%s"
        % (
            config.python_executable,
            os.path.join(config.test_source_root, "check_clang_tidy.py"),
            tidy_for_checks,
            os.path.join(config.llvm_tools_dir, "FileCheck"),
        ),
    ),
    ("%inputs", os.path.join(config.test_source_root, "Inputs")),
    ("%async_tidy", config.async_tidy),
    ("%async_clangd", config.async_clangd),
    ("%clang_tidy", config.clang_tidy),
    ("%plugin", config.plugin),
    ("%other_clang_tidy", config.other_clang_tidy),
    ("%other_llvm_major", config.other_llvm_major),
    ("%llvm_major", config.llvm_version_major),
    ("%python", config.python_executable),
]
