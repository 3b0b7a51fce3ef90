using Dars.Benchmarks;

// ./dars.sh bench: each figure against its baseline measured in the same run.
var which = args.FirstOrDefault() ?? "all";
if (which is "all" or "cohort") await CohortBenchmark.RunAsync();
if (which is "all" or "production") await ProductionBenchmark.RunAsync();
if (which is "all" or "api") await ApiBenchmark.RunAsync();
