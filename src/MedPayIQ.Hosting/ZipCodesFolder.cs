using MedPayIQ.Pricing;

namespace MedPayIQ.Hosting;

/// <summary>The folder of CMS's ZIP code files (<see cref="MedPayIQOptions.ZipCodesFolder"/>).</summary>
internal static class ZipCodesFolder
{
    /// <summary>The newest ZIP code file (or zip) of the folder, by the time it was written; <c>null</c> without one.</summary>
    public static string? Newest(string? folder)
        => string.IsNullOrWhiteSpace(folder) || !Directory.Exists(folder)
            ? null
            : new DirectoryInfo(folder).EnumerateFiles()
                .Where(f => !f.Name.StartsWith('.') && !f.Name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) // not the CLI's provenance files
                .OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal)
                .LastOrDefault()?.FullName;

    /// <summary>The release with the folder's newest ZIP code file when it has none of its own (its provenance saying so).</summary>
    public static FeeScheduleRelease Fill(FeeScheduleRelease release, string? folder)
        => release.Zips.Count == 0 && Newest(folder) is { } file ? release.WithZipCodes(FeeScheduleLoader.LoadZipCodes(file)) : release;
}
