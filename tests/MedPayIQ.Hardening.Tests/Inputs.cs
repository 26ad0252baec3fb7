using System.IO.Compression;

namespace MedPayIQ.Hardening.Tests;

/// <summary>The loaders by name (the corpus folders), and the files the cases start from.</summary>
internal static class Inputs
{
    public static readonly FeeScheduleLoadOptions Options = new() { ReleaseId = ReleaseId.Parse("RVU25D") };

    public static string Corpus(string path) => Path.Combine(AppContext.BaseDirectory, "corpus", path);

    public static string Seeds(string target) => Path.Combine(AppContext.BaseDirectory, "seeds", target);

    /// <summary>The fee schedule file kinds and CMS names of the corpus folders.</summary>
    public static readonly IReadOnlyDictionary<string, (FeeScheduleFileKind Kind, string Name)> FeeScheduleFolders = new Dictionary<string, (FeeScheduleFileKind, string)>
    {
        ["pprrvu-csv"] = (FeeScheduleFileKind.RvuCsv, "PPRRVU2025_Oct.csv"),
        ["pprrvu-txt"] = (FeeScheduleFileKind.RvuFixedWidth, "PPRRVU2025_Oct.txt"),
        ["gpci"] = (FeeScheduleFileKind.Gpci, "GPCI2025.csv"),
        ["locco"] = (FeeScheduleFileKind.LocalityCounties, "25LOCCO.csv"),
        ["anes"] = (FeeScheduleFileKind.Anesthesia, "ANES2025.csv"),
        ["oppscap"] = (FeeScheduleFileKind.OppsCap, "OPPSCAP_Oct.csv"),
        ["zip5"] = (FeeScheduleFileKind.Zip5, "ZIP5_OCT2025.txt"),
    };

    /// <summary>Loads one fee schedule file (with the one-row PPRRVU CSV beside it when it is not itself the RVU file).</summary>
    public static FeeScheduleRelease LoadFeeSchedule(FeeScheduleFileKind kind, string name, byte[] content, FeeScheduleLoadOptions? options = null)
    {
        var file = FeeScheduleFile.FromBytes(kind, name, content);
        FeeScheduleFile[] files = kind is FeeScheduleFileKind.RvuCsv or FeeScheduleFileKind.RvuFixedWidth
            ? [file]
            : [FeeScheduleFile.FromBytes(FeeScheduleFileKind.RvuCsv, "PPRRVU2025_Oct.csv", MedPayIQ.Fuzzing.FuzzTargets.SmallRvuFile), file];
        return FeeScheduleLoader.Load(files, options ?? Options);
    }

    /// <summary>Runs the loader of a corpus folder; the exception it throws, or <c>null</c> when the file loads.</summary>
    public static Exception? Run(string folder, string fileName, byte[] content)
    {
        try
        {
            if (folder is "clfs" or "clfs-xlsx" or "dmepos" or "dmepos-xlsx" or "dmepos-zip" or "asp")
            {
                using var stream = new MemoryStream(content);
                _ = folder switch
                {
                    "clfs" or "clfs-xlsx" => (object)ClinicalLabLoader.Load(stream, fileName, null),
                    "dmepos" or "dmepos-xlsx" => DmeposLoader.Load(stream, fileName, null),
                    "dmepos-zip" => DmeposLoader.LoadZipCodes(stream, fileName, null),
                    _ => DrugPaymentLimitLoader.Load(stream, fileName, null),
                };
            }
            else if (FeeScheduleFolders.TryGetValue(folder, out var f))
            {
                LoadFeeSchedule(f.Kind, f.Name, content);
            }
            else
            {
                NcciLoader.Load(new MemoryStream(content), fileName);
            }

            return null;
        }
        catch (Exception ex) when (ex is FeeScheduleFormatException or NcciFormatException)
        {
            return ex;
        }
    }

    /// <summary>The packaged copy of a CMS file (src/MedPayIQ.Pricing.Data/cms), read out of the data package.</summary>
    public static byte[] Packaged(string entry)
    {
        using var s = typeof(PackagedFeeSchedules).Assembly.GetManifestResourceStream("MedPayIQ.Pricing.Data.cms.zip")!;
        using var zip = new ZipArchive(s);
        using var e = zip.GetEntry(entry)!.Open();
        using var ms = new MemoryStream();
        e.CopyTo(ms);
        return ms.ToArray();
    }

    /// <summary>A zip archive of the entries given, built in memory.</summary>
    public static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var s = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
                s.Write(content);
            }
        }

        return ms.ToArray();
    }

    /// <summary>A zip whose one entry inflates to <paramref name="bytes"/> zero bytes, written without holding them.</summary>
    public static byte[] ZeroBomb(string name, long bytes, int count = 1)
    {
        var block = new byte[1 << 20];
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (int i = 0; i < count; i++)
            {
                using var s = zip.CreateEntry(count == 1 ? name : name.Replace(".", $"{i}.", StringComparison.Ordinal), CompressionLevel.SmallestSize).Open();
                for (long left = bytes; left > 0; left -= block.Length)
                {
                    s.Write(block, 0, (int)Math.Min(block.Length, left));
                }
            }
        }

        return ms.ToArray();
    }
}
