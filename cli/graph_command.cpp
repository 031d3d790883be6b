// `dondoc graph`: the plan graph as DOT, Mermaid, JSON, or an SVG picture laid out in-process
// with libgraphviz.

#include <fmt/format.h>
#include <graphviz/gvc.h>

#include <cstdio>
#include <fstream>

#include "cli/color.hpp"
#include "cli/commands.hpp"
#include "engine/compile.hpp"
#include "engine/draw.hpp"

namespace dondoc::cli {

namespace {

/// Lays out DOT text with the `dot` engine and renders SVG. Empty on failure, with `error` set.
std::string render_svg(const std::string& dot, std::string& error) {
  GVC_t* gvc = gvContext();
  if (!gvc) {
    error = "graphviz: no context";
    return {};
  }
  std::string svg;
  Agraph_t* g = agmemread(dot.c_str());
  if (!g) {
    error = "graphviz: cannot read the graph";
  } else if (gvLayout(gvc, g, "dot") != 0) {
    error = "graphviz: layout failed (is the 'dot' layout plugin installed? libgvc6)";
  } else {
    char* data = nullptr;
    unsigned int length = 0;
    if (gvRenderData(gvc, g, "svg", &data, &length) == 0 && data) {
      svg.assign(data, length);
    } else {
      error = "graphviz: SVG rendering failed";
    }
    if (data) gvFreeRenderData(data);
    gvFreeLayout(gvc, g);
  }
  if (g) agclose(g);
  gvFreeContext(gvc);
  return svg;
}

bool write_output(const std::string& path, const std::string& text, dsl::Lang lang) {
  if (path.empty() || path == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return true;
  }
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    out << text;
    if (!out) {
      std::fputs((lang == dsl::Lang::en ? fmt::format("dondoc: cannot write {}\n", path) : fmt::format("dondoc: không ghi được {}\n", path))
                     .c_str(),
                 stderr);
      return false;
    }
  }
  std::rename(tmp.c_str(), path.c_str());
  return true;
}

}  // namespace

int run_graph(const GraphOptions& options) {
  std::vector<std::filesystem::path> paths(options.paths.begin(), options.paths.end());
  auto compiled = compile_plan(paths, options.calendar);
  std::string diags = dsl::render_all(compiled->diags, options.lang);
  if (!compiled->diags.items().empty()) diags += dsl::summary(compiled->diags, options.lang) + "\n";
  std::fputs(Palette::for_stream(stderr).diagnostics(diags).c_str(), stderr);
  if (!compiled->ok()) return 1;

  engine::DrawInput in{*compiled->plan, compiled->dates, compiled->occurrences, compiled->schedule, options.lang};
  std::string text;
  if (options.format == "mermaid") {
    text = engine::to_mermaid(in);
  } else if (options.format == "json") {
    text = engine::to_json(in);
  } else if (options.format == "svg") {
    std::string error;
    text = render_svg(engine::to_dot(in), error);
    if (text.empty()) {
      std::fputs(fmt::format("dondoc: {}\n", error).c_str(), stderr);
      return 1;
    }
  } else {
    text = engine::to_dot(in);
  }
  return write_output(options.output, text, options.lang) ? 0 : 1;
}

}  // namespace dondoc::cli
