using System.IO.Compression;
using MedPayIQ.Pricing.Data;

namespace MedPayIQ.Benchmarks;

/// <summary>The packaged CMS files, read out of the data package once.</summary>
internal static class BenchmarkData
{
    public static byte[] Packaged(string entry)
    {
        using var s = typeof(PackagedFeeSchedules).Assembly.GetManifestResourceStream("MedPayIQ.Pricing.Data.cms.zip")!;
        using var zip = new ZipArchive(s);
        using var e = zip.GetEntry(entry)!.Open();
        using var ms = new MemoryStream();
        e.CopyTo(ms);
        return ms.ToArray();
    }

    public static byte[] Rvu25DCsv { get; } = Packaged("RVU25D/PPRRVU2025_Oct.csv");

    /// <summary>The bare span read that the load benchmarks compare with: every field of every record touched.</summary>
    public static long TouchEveryField(CsvHelper.CsvReader reader)
    {
        long sum = 0;
        while (reader.Read())
        {
            for (int i = 0; i < reader.FieldCount; i++)
            {
                sum += reader.GetSpan(i).Length;
            }
        }

        return sum;
    }

    /// <summary>A file of the repository (test data the benchmarks share with the tests), found from the benchmark's folder upwards.</summary>
    public static string RepositoryFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MedPayIQ.Pricing.sln")))
            {
                return Path.Combine(dir.FullName, relative);
            }
        }

        throw new InvalidOperationException($"MedPayIQ.Pricing.sln not found above {AppContext.BaseDirectory}.");
    }
}
