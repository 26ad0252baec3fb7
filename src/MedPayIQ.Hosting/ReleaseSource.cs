using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MedPayIQ.Pricing;
using MedPayIQ.Pricing.Data;

namespace MedPayIQ.Hosting;

/// <summary>Where a release is loaded from.</summary>
public enum ReleaseSourceKind
{
    /// <summary>Packaged in MedPayIQ.Pricing.Data.</summary>
    Packaged,
    /// <summary>A folder of CMS files (the RVU zip extracted), named by the release id.</summary>
    Folder,
    /// <summary>CMS's RVU zip as downloaded, named by the release id.</summary>
    Zip,
}

/// <summary>
/// A release a snapshot offers, before or after it is loaded: its id, where it comes from, and a fingerprint of its
/// files (names, sizes, times written), so a folder that changes is a new source.
/// </summary>
/// <param name="Id">The release id, from the folder or zip name.</param>
/// <param name="Kind">Packaged, folder or zip.</param>
/// <param name="Location">The folder or zip path, or the package name.</param>
/// <param name="Fingerprint">A hash of the files' names, sizes and times written; equal when nothing changed.</param>
public sealed record ReleaseSource(ReleaseId Id, ReleaseSourceKind Kind, string Location, string Fingerprint)
{
    /// <summary>The first date of service the release applies to: the first day of its quarter.</summary>
    public DateOnly EffectiveFrom => Id.QuarterStart;

    internal FeeScheduleRelease Load() => Kind switch
    {
        ReleaseSourceKind.Packaged => PackagedFeeSchedules.Get(Id.ToString()),
        ReleaseSourceKind.Folder => FeeScheduleLoader.LoadDirectory(Location, new FeeScheduleLoadOptions { ReleaseId = Id.ToString() }),
        _ => FeeScheduleLoader.LoadZipFile(Location, new FeeScheduleLoadOptions { ReleaseId = Id.ToString() }),
    };

    /// <inheritdoc/>
    public override string ToString() => $"{Id} ({Kind.ToString().ToLowerInvariant()} {Location})";
}

/// <summary>Finds the releases the options offer.</summary>
internal static class ReleaseDiscovery
{
    private const string PackageName = "MedPayIQ.Pricing.Data";

    /// <summary>The releases offered, oldest first: the folder's, then the packaged ones it does not replace, filtered by <see cref="MedPayIQOptions.Releases"/>.</summary>
    public static ImmutableArray<ReleaseSource> Scan(MedPayIQOptions options)
    {
        var found = new Dictionary<ReleaseId, ReleaseSource>();
        if (!string.IsNullOrWhiteSpace(options.ReleasesFolder))
        {
            var root = Path.GetFullPath(options.ReleasesFolder);
            foreach (var zip in Directory.EnumerateFiles(root, "*.zip").Order(StringComparer.Ordinal))
            {
                if (ReleaseId.TryParse(Path.GetFileNameWithoutExtension(zip), out var id))
                {
                    found[id] = new ReleaseSource(id, ReleaseSourceKind.Zip, zip, Fingerprint([new FileInfo(zip)]));
                }
            }

            // A folder wins over a zip of the same id (it is what the zip becomes once extracted).
            foreach (var dir in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
            {
                if (ReleaseId.TryParse(Path.GetFileName(dir), out var id))
                {
                    var files = new DirectoryInfo(dir).EnumerateFiles().Where(f => FeeScheduleFile.DetectKind(f.Name) is not null).ToArray();
                    if (files.Any(f => FeeScheduleFile.DetectKind(f.Name) is FeeScheduleFileKind.RvuCsv or FeeScheduleFileKind.RvuFixedWidth))
                    {
                        found[id] = new ReleaseSource(id, ReleaseSourceKind.Folder, dir, Fingerprint(files));
                    }
                }
            }
        }

        if (options.UsePackagedReleases)
        {
            foreach (var text in PackagedFeeSchedules.ReleaseIds)
            {
                var id = ReleaseId.Parse(text);
                found.TryAdd(id, new ReleaseSource(id, ReleaseSourceKind.Packaged, PackageName, PackageName));
            }
        }

        var wanted = options.Releases.Select(ReleaseId.Parse).ToHashSet();
        return [.. found.Values.Where(s => wanted.Count == 0 || wanted.Contains(s.Id)).OrderBy(s => s.EffectiveFrom).ThenBy(s => s.Id)];
    }

    /// <summary>The fingerprint of a folder of files (NCCI): empty when the folder is not set.</summary>
    public static string FolderFingerprint(string? folder) =>
        string.IsNullOrWhiteSpace(folder) || !Directory.Exists(folder) ? string.Empty : Fingerprint(new DirectoryInfo(folder).GetFiles());

    private static string Fingerprint(FileInfo[] files)
    {
        var text = new StringBuilder();
        foreach (var f in files.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"{f.Name}|{f.Length}|{f.LastWriteTimeUtc.Ticks}\n");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}
