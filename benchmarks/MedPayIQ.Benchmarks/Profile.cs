using System.Diagnostics;
using System.Security.Cryptography;
using MedPayIQ.Pricing;

namespace MedPayIQ.Benchmarks;

/// <summary>A quick breakdown of the RVU load by phase (Stopwatch; for finding where time goes, not for reports).</summary>
internal static class Profile
{
    public static void Run()
    {
        var b = new RvuLoadBenchmarks();
        b.Setup();
        var csv = BenchmarkData.Rvu25DCsv;
        for (int round = 0; round < 2; round++)
        {
            Time("bare span read (file)", () => b.BareSpanRead());
            Time("span read, lines tracked (memory)", () =>
            {
                using var r = CsvHelper.CsvReader.Create(csv, new CsvHelper.CsvReaderOptions { HasHeader = false, Separator = ',', TrackLineNumbers = true });
                long t = 0;
                while (r.Read()) { t += r.LineNumber; for (int i = 0; i < r.FieldCount; i++) t += r.GetSpan(i).Length; }
                return t;
            });
            Time("span read, no lines (memory)", () =>
            {
                using var r = CsvHelper.CsvReader.Create(csv, new CsvHelper.CsvReaderOptions { HasHeader = false, Separator = ',' });
                long t = 0;
                while (r.Read()) { t += r.ByteOffset; for (int i = 0; i < r.FieldCount; i++) t += r.GetSpan(i).Length; }
                return t;
            });
            Time("parse rows, no model (memory)", () =>
            {
                using var r = CsvHelper.CsvReader.Create(csv, new CsvHelper.CsvReaderOptions { HasHeader = false, Separator = ',', TrackLineNumbers = true });
                long t = 0; int row = 0;
                while (r.Read())
                {
                    if (++row <= 10) continue;
                    var bb = default(RvuEntryBuilder);
                    var c = new ReaderFieldCursor(r);
                    if (RvuLayouts.TryParseRow(ref c, false, ref bb, out var d)) t += bb.Work + d.Length + r.LineNumber;
                }
                return t;
            });
            Time("sha256", () => SHA256.HashData(csv).Length);
            Time("parse + build (memory)", () => RvuCsvReader.Read("x", csv, true).Table.Count);
            Time("full load (file)", () => b.MedPayIQLoad());
            RvuCsvReader.NoParallel = true;
            Time("parse + build, one thread", () => RvuCsvReader.Read("x", csv, true).Table.Count);
            RvuCsvReader.NoParallel = false;
        }

        b.Cleanup();
    }

    private static void Time(string name, Func<long> f)
    {
        for (int i = 0; i < 20; i++)
        {
            f();
        }

        var times = new double[41];
        for (int i = 0; i < times.Length; i++)
        {
            var sw = Stopwatch.StartNew();
            f();
            times[i] = sw.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        Console.WriteLine($"{name}: median {times[20]:F3} ms, min {times[0]:F3} ms");
    }
}
