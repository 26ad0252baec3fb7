using System.CommandLine;
using MedPayIQ.Pricing;
using MedPayIQ.Pricing.Data;

namespace MedPayIQ.Cli.Options;

/// <summary><c>--data</c> on every command: CMS's own files instead of the packaged data, and the fee schedule catalog they make.</summary>
internal static class DataOption
{
    public static readonly Option<DirectoryInfo?> Option = new("--data")
    {
        Description = "Load CMS's own files from this folder (a release folder, or a folder of release folders) instead of the packaged data.",
        Recursive = true,
    };

    /// <summary>The folder given, if any.</summary>
    public static DirectoryInfo? GetValue(ParseResult parse) => parse.GetValue(Option);

    /// <summary>The packaged releases, or those found in the folder given.</summary>
    public static FeeScheduleCatalog LoadCatalog(DirectoryInfo? data)
    {
        if (data is null)
        {
            return PackagedFeeSchedules.Catalog;
        }

        if (!data.Exists)
        {
            throw new UsageException($"the folder '{data.FullName}' does not exist.");
        }

        // A release folder itself, or a folder of release folders and zips (RVU25A/, RVU25D.zip, ...), found as the hosting package finds them.
        var found = ReleaseFolder.Find(data.FullName);
        if (found.Length == 0)
        {
            throw new UsageException($"no PPRRVU file in '{data.FullName}' or its folders, and no release zip (RVU25D.zip) in it.");
        }

        return FeeScheduleCatalog.Create(found.Select(r => r.Load()));
    }
}
