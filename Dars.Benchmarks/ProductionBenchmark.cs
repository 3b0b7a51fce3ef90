using System.Diagnostics;
using System.Globalization;
using Dars.Activities.Data;

namespace Dars.Benchmarks;

/// <summary>
/// Data production at scale: a 1,000,000-row accepted cohort joined with a 5,000,000-row dataset, with a
/// 100,000-entry objection register upheld. Files are generated to a temp folder, production streams the
/// dataset from disk and writes the extract to disk. Prints rows/s and the peak memory growth over the
/// baseline (sampled on a background timer): it should be bounded by the cohort and register, far below
/// the dataset's size.
/// </summary>
public static class ProductionBenchmark
{
    private const int CohortRows = 1_000_000, DatasetRows = 5_000_000, Patients = 2_000_000, Objectors = 100_000;
    private const long FirstNhs = 9_000_000_000;

    public static async Task RunAsync()
    {
        var folder = Directory.CreateTempSubdirectory("dars-bench-production-");
        try
        {
            var cohortPath = Path.Combine(folder.FullName, "cohort.csv");
            var datasetPath = Path.Combine(folder.FullName, "hes-apc.csv");
            var registerPath = Path.Combine(folder.FullName, "objections.csv");
            var extractPath = Path.Combine(folder.FullName, "extract.csv");
            var generate = Stopwatch.StartNew();
            await WriteCohortAsync(cohortPath);
            await WriteDatasetAsync(datasetPath);
            await WriteRegisterAsync(registerPath);
            Console.WriteLine($"production: generated cohort {CohortRows:N0} rows, dataset {DatasetRows:N0} rows "
                + $"({new FileInfo(datasetPath).Length / 1048576.0:F0} MiB), register {Objectors:N0} in {generate.Elapsed.TotalSeconds:F1} s");

            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            using var sampler = new MemorySampler();

            var total = Stopwatch.StartNew();
            AcceptedCohort cohort;
            await using (var file = File.OpenRead(cohortPath)) cohort = await AcceptedCohort.LoadAsync(file, default);
            var register = new Dictionary<long, ObjectionTypes>(Objectors);
            await using (var file = File.OpenRead(registerPath)) await ObjectionRegister.ReadAsync(file, register, default);
            var loaded = total.Elapsed;

            var production = new DataProduction(cohort, register, "none");
            var join = Stopwatch.StartNew();
            long written;
            await using (var dataset = new FileStream(datasetPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
            await using (var extract = new FileStream(extractPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                written = await production.ExtractAsync(new ExtractRequest("hes-apc", ["ADMIDATE", "DIAG_4_01", "PROCODE", "NHS_NUMBER"]), dataset, extract, default);
            join.Stop();
            var (heap, priv) = sampler.Stop();
            var summary = production.Summary;
            GC.KeepAlive(cohort);

            Console.WriteLine($"production: summary cohortRows={summary.CohortRows:N0} matched={summary.Matched:N0} "
                + $"removedType1={summary.RemovedType1:N0} removedOptOut={summary.RemovedNationalDataOptOut:N0} releasedRows={written:N0} "
                + $"(extract {new FileInfo(extractPath).Length / 1048576.0:F0} MiB)");
            Console.WriteLine($"production: cohort + register load {loaded.TotalSeconds:F2} s");
            Console.WriteLine($"production: join {DatasetRows / join.Elapsed.TotalSeconds:N0} dataset rows/s ({join.Elapsed.TotalSeconds:F2} s for {DatasetRows:N0})");
            Console.WriteLine($"production: end to end {DatasetRows / total.Elapsed.TotalSeconds:N0} dataset rows/s");
            Console.WriteLine($"production: peak managed heap growth {heap / 1048576.0:F0} MiB");
            Console.WriteLine($"production: peak private memory growth {priv / 1048576.0:F0} MiB "
                + $"(dataset file {new FileInfo(datasetPath).Length / 1048576.0:F0} MiB)");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    // Cohort: patients 0, 2, 4, … (every other patient, so about half the dataset's patients are in it); every
    // 100th row repeats the previous row's NHS number under a new reference, every 97th has no NHS number.
    private static async Task WriteCohortAsync(string path)
    {
        await using var writer = Writer(path);
        await writer.WriteAsync("UNIQUE REFERENCE,NHS_NUMBER\n");
        var patient = 0L;
        for (var row = 0; row < CohortRows; row++)
        {
            var nhs = row % 97 == 0 ? "" : (FirstNhs + (row % 100 == 0 ? patient - 2 : patient)).ToString(CultureInfo.InvariantCulture);
            if (row % 100 != 0) patient += 2;
            await writer.WriteAsync($"STUDY-{row:D7},{nhs}\n");
        }
    }

    private static async Task WriteDatasetAsync(string path)
    {
        var random = new Random(42);
        await using var writer = Writer(path);
        await writer.WriteAsync("NHS_NUMBER,DATE_OF_BIRTH,POSTCODE,SEX,ADMIDATE,DISDATE,DIAG_4_01,OPERTN_4_01,PROCODE\n");
        for (var row = 0; row < DatasetRows; row++)
        {
            var nhs = FirstNhs + random.NextInt64(Patients);
            var admitted = new DateOnly(2015, 1, 1).AddDays(random.Next(3650));
            await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                $"{nhs},19{random.Next(30, 99)}-0{random.Next(1, 9)}-1{random.Next(0, 9)},LS1 {random.Next(1, 9)}AB,{random.Next(1, 3)},"
                + $"{admitted:yyyy-MM-dd},{admitted.AddDays(random.Next(1, 20)):yyyy-MM-dd},I{random.Next(10, 99)}{random.Next(0, 9)},"
                + $"K{random.Next(10, 99)}{random.Next(0, 9)},R{random.Next(10, 99)}\n"));
        }
    }

    private static async Task WriteRegisterAsync(string path)
    {
        await using var writer = Writer(path);
        await writer.WriteAsync("NHS_NUMBER,OBJECTION_TYPE\n");
        for (var i = 0; i < Objectors; i++)
            await writer.WriteAsync($"{FirstNhs + i * (Patients / Objectors)},{(i % 3 == 0 ? "type-1" : "national-data-opt-out")}\n");
    }

    private static StreamWriter Writer(string path) => new(path, append: false, new System.Text.UTF8Encoding(false), 1 << 16);
}
