"""async-tidy as a Bazel aspect.

Every C++ source of every cc_library, cc_binary and cc_test the build
reaches becomes one action that runs async-tidy on it with the target's
include paths, defines and copts, and writes the findings as clang-tidy's
--export-fixes YAML; one more action per target turns them into SARIF. The
actions are ordinary, hermetic Bazel actions (their inputs: the source, the
headers it can see, async-tidy itself and the configuration), so
--disk_cache, --remote_cache and --remote_executor serve and run them like
any compile.

WORKSPACE:

    local_repository(name = "async_tidy", path = "/path/to/async-tidy/integrations/bazel")
    load("@async_tidy//:async_tidy.bzl", "async_tidy_tools")
    async_tidy_tools(name = "async_tidy_tools")  # async-tidy from $ASYNC_TIDY or PATH

Run:

    bazel build //... --aspects=@async_tidy//:async_tidy.bzl%async_tidy_aspect \\
        --output_groups=async_tidy [--@async_tidy//:fail_on_findings=true]
"""

_CXX_EXTENSIONS = ["cc", "cpp", "cxx", "c++", "C"]

BuildSettingInfo = provider(fields = ["value"])

def _async_tidy_bool_setting_impl(ctx):
    return [BuildSettingInfo(value = ctx.build_setting_value)]

async_tidy_bool_setting = rule(
    implementation = _async_tidy_bool_setting_impl,
    build_setting = config.bool(flag = True),
)

def _tools_impl(repository_ctx):
    binary = repository_ctx.attr.binary or repository_ctx.os.environ.get("ASYNC_TIDY", "")
    if binary and "/" not in binary:
        binary = repository_ctx.which(binary)
    elif not binary:
        binary = repository_ctx.which("async-tidy")
    if not binary:
        fail("async_tidy_tools: no async-tidy: set ASYNC_TIDY=/path/to/async-tidy, " +
             "put it on PATH, or give binary = ...")
    binary = repository_ctx.path(str(binary))

    # The converter: the installed async-tidy-sarif, or the checkout's script.
    converter = repository_ctx.attr.sarif_converter
    if not converter:
        # Bazel normalises ".." in paths before it follows links: ask readlink
        # where this repository really is (integrations/bazel of a checkout).
        here = repository_ctx.execute([
            "readlink",
            "-f",
            str(repository_ctx.path(Label("@async_tidy//:async_tidy.bzl")).dirname),
        ]).stdout.strip()
        for candidate in [
            str(binary.dirname) + "/async-tidy-sarif",
            here + "/../../scripts/async-tidy-sarif.py",
        ]:
            if repository_ctx.execute(["test", "-f", candidate]).return_code == 0:
                converter = candidate
                break
    if not converter:
        converter = repository_ctx.which("async-tidy-sarif")
    if not converter:
        fail("async_tidy_tools: no async-tidy-sarif found; give sarif_converter = ...")

    # A link: the actions run it from the sandbox, and it still finds Clang's
    # builtin headers beside the real file. Bazel hashes what the link
    # points to, so a new async-tidy changes the key of every action.
    repository_ctx.symlink(binary, "async-tidy")
    repository_ctx.symlink(converter, "async-tidy-sarif")
    repository_ctx.file("BUILD.bazel", """
filegroup(
    name = "async_tidy",
    srcs = ["async-tidy"],
    visibility = ["//visibility:public"],
)
filegroup(
    name = "async_tidy_sarif",
    srcs = ["async-tidy-sarif"],
    visibility = ["//visibility:public"],
)
""")

async_tidy_tools = repository_rule(
    implementation = _tools_impl,
    attrs = {
        "binary": attr.string(doc = "path of async-tidy (default: $ASYNC_TIDY, else PATH)"),
        "sarif_converter": attr.string(doc = "path of async-tidy-sarif"),
    },
    environ = ["ASYNC_TIDY", "PATH"],
    local = True,
)

def _flags(ctx, compilation_context):
    flags = []
    for define in compilation_context.defines.to_list():
        flags.append("-D" + define)
    for define in compilation_context.local_defines.to_list():
        flags.append("-D" + define)
    for path in compilation_context.includes.to_list():
        flags += ["-I", path]
    for path in compilation_context.quote_includes.to_list():
        flags += ["-iquote", path]
    for path in compilation_context.system_includes.to_list():
        flags += ["-isystem", path]
    flags += ctx.fragments.cpp.copts
    flags += ctx.fragments.cpp.cxxopts
    flags += getattr(ctx.rule.attr, "copts", [])
    return flags

def _async_tidy_aspect_impl(target, ctx):
    if CcInfo not in target or ctx.rule.kind not in ["cc_library", "cc_binary", "cc_test"]:
        return []
    sources = [
        f
        for src in getattr(ctx.rule.attr, "srcs", [])
        for f in src.files.to_list()
        if f.extension in _CXX_EXTENSIONS and f.is_source
    ]
    if not sources:
        return []
    compilation_context = target[CcInfo].compilation_context
    tool_files = ctx.attr._async_tidy.files.to_list()
    tidy = [f for f in tool_files if f.basename == "async-tidy"][0]
    config = ctx.files._config
    fail_on_findings = ctx.attr._fail_on_findings[BuildSettingInfo].value
    flags = _flags(ctx, compilation_context)
    fixes = []
    for src in sources:
        out = ctx.actions.declare_file("%s.async_tidy/%s.yaml" % (target.label.name, src.short_path))
        args = ["--quiet", "--export-fixes=" + out.path]
        if config:
            args.append("--config-file=" + config[0].path)
        if fail_on_findings:
            args.append("--warnings-as-errors=*")
        args.append(src.path)
        args.append("--")
        args += flags
        ctx.actions.run_shell(
            inputs = depset(
                [src] + config,
                transitive = [compilation_context.headers],
            ),
            tools = tool_files,
            outputs = [out],
            command = '"$1" "${@:2}" && { [ -e "%s" ] || : > "%s"; }' % (out.path, out.path),
            arguments = [tidy.path] + args,
            mnemonic = "AsyncTidy",
            progress_message = "async-tidy %s" % src.short_path,
        )
        fixes.append(out)
    sarif = ctx.actions.declare_file("%s.async-tidy.sarif" % target.label.name)
    converter = ctx.file._async_tidy_sarif
    ctx.actions.run_shell(
        inputs = fixes,
        tools = tool_files + [converter],
        outputs = [sarif],
        command = 'python3 "$1" --async-tidy "$2" -o "$3" "${@:4}"',
        arguments = [converter.path, tidy.path, sarif.path] + [f.path for f in fixes],
        mnemonic = "AsyncTidySarif",
        progress_message = "async-tidy SARIF of %s" % target.label,
    )
    return [OutputGroupInfo(async_tidy = depset(fixes + [sarif]))]

async_tidy_aspect = aspect(
    implementation = _async_tidy_aspect_impl,
    fragments = ["cpp"],
    attrs = {
        "_async_tidy": attr.label(default = Label("@async_tidy_tools//:async_tidy")),
        "_async_tidy_sarif": attr.label(
            default = Label("@async_tidy_tools//:async_tidy_sarif"),
            allow_single_file = True,
        ),
        "_config": attr.label(default = Label("//:config"), allow_files = True),
        "_fail_on_findings": attr.label(default = Label("//:fail_on_findings")),
    },
)
