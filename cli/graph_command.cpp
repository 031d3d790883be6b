// `dondoc graph`: the plan graph as DOT, Mermaid, JSON, or an SVG picture laid out in-process
// with libgraphviz; with `--at DATE` (and journals) each node is coloured by its status then.

#include <fmt/format.h>
#include <graphviz/gvc.h>

#include <cstdio>
#include <fstream>
#include <thread>

#include "cli/color.hpp"
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "engine/compile.hpp"
#include "engine/draw.hpp"
#include "engine/evaluate.hpp"

namespace dondoc::cli {

namespace {

/// Lays out DOT text with the `dot` engine and renders SVG. Empty on failure, with `error` set.
std::string layout(const std::string& dot, std::string& error) {
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

}  // namespace

std::string render_svg(const std::string& dot, std::string& error) {
  // Graphviz places clusters in an order that depends on where its records lie in memory; the heap
  // of this process depends on how the compile stages' threads interleaved. A thread of its own
  // allocates from a malloc arena of its own, laid out the same in every run: the same picture.
  std::string svg;
  std::thread([&] { svg = layout(dot, error); }).join();
  return svg;
}

int run_graph(const GraphOptions& options) {
  std::optional<engine::Day> at;
  if (!options.at.empty() && !(at = parse_date_arg(options.at))) {
    std::fputs((options.lang == dsl::Lang::en ? fmt::format("dondoc: --at '{}' is not a date (YYYY-MM-DD or dd/mm/yyyy)\n", options.at)
                                              : fmt::format("dondoc: --at '{}' không phải ngày (YYYY-MM-DD hoặc dd/mm/yyyy)\n", options.at))
                   .c_str(),
               stderr);
    return 2;
  }
  std::vector<std::filesystem::path> paths(options.paths.begin(), options.paths.end());
  auto compiled = compile_plan(paths, options.calendar);
  engine::Facts facts;
  if (at && compiled->ok()) facts = load_facts(*compiled, options.facts);
  std::string diags = dsl::render_all(compiled->diags, options.lang);
  if (!compiled->diags.items().empty()) diags += dsl::summary(compiled->diags, options.lang) + "\n";
  std::fputs(Palette::for_stream(stderr).diagnostics(diags).c_str(), stderr);
  if (!compiled->ok()) return 1;

  std::optional<engine::Evaluation> eval;
  if (at) eval = engine::evaluate(engine::Model{*compiled->plan, compiled->dates, compiled->occurrences, compiled->schedule}, facts, *at);
  engine::DrawInput in{*compiled->plan, compiled->dates, compiled->occurrences, compiled->schedule, options.lang, eval ? &*eval : nullptr};
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
