using System.Collections.Immutable;
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
    /// <summary>The release as <see cref="ReleaseFolder"/> found it; <c>null</c> for a packaged one.</summary>
    internal ReleaseLocation? Found { get; init; }

    /// <summary>The packaged release of the same id, served when this one cannot load or is refused and no earlier copy serves.</summary>
    internal ReleaseSource? Fallback { get; init; }

    /// <summary>The source named by its fingerprint, so that a failing copy and the copy serving read apart in messages.</summary>
    internal string Describe() => Kind == ReleaseSourceKind.Packaged ? ToString() : $"{Id} ({Kind.ToString().ToLowerInvariant()} {Location}, files {Fingerprint[..Math.Min(12, Fingerprint.Length)]})";

    /// <summary>The first date of service the release applies to: the first day of its quarter.</summary>
    public DateOnly EffectiveFrom => Id.QuarterStart;

    internal FeeScheduleRelease Load() => Kind switch
    {
        ReleaseSourceKind.Packaged => PackagedFeeSchedules.Load(Id), // a copy of its own: freed when the cache lets it go
        _ => Found!.Load(),
    };

    /// <inheritdoc/>
    public override string ToString() => $"{Id} ({Kind.ToString().ToLowerInvariant()} {Location})";
}

/// <summary>Finds the releases the options offer.</summary>
internal static class ReleaseDiscovery
{
    private const string PackageName = "MedPayIQ.Pricing.Data";

    /// <summary>The releases offered, oldest first: the folder's, then the packaged ones it does not replace, filtered by <see cref="MedPayIQOptions.Releases"/>.</summary>
    public static ImmutableArray<ReleaseSource> Scan(MedPayIQOptions options) => Scan(options, null, out _);

    /// <summary>
    /// The releases offered (see <see cref="Scan(MedPayIQOptions)"/>); a subfolder that cannot be read or told is left
    /// out and said in <paramref name="leftOut"/> with its path. <paramref name="listFiles"/> lists a subfolder's files
    /// (a seam for tests; <c>null</c>: the file system).
    /// </summary>
    public static ImmutableArray<ReleaseSource> Scan(MedPayIQOptions options, Func<DirectoryInfo, IEnumerable<FileInfo>>? listFiles, out ImmutableArray<(string Path, string Problem)> leftOut)
    {
        var found = new Dictionary<ReleaseId, ReleaseSource>();
        leftOut = [];
        if (!string.IsNullOrWhiteSpace(options.ReleasesFolder))
        {
            foreach (var r in ReleaseFolder.Find(options.ReleasesFolder, listFiles, out leftOut))
            {
                if (r.Storage == ReleaseStorage.Folder && options.ReadyMarkerFileName is { Length: > 0 } marker && !File.Exists(Path.Combine(r.Path, marker)))
                {
                    continue; // still being written by its job
                }

                var kind = r.Storage == ReleaseStorage.Folder ? ReleaseSourceKind.Folder : ReleaseSourceKind.Zip;
                var packaged = options.UsePackagedReleases && PackagedFeeSchedules.ReleaseIds.Contains(r.Id) ? new ReleaseSource(r.Id, ReleaseSourceKind.Packaged, PackageName, PackageName) : null;
                found[r.Id] = new ReleaseSource(r.Id, kind, r.Path, r.Fingerprint) { Found = r, Fallback = packaged };
            }
        }

        if (options.UsePackagedReleases)
        {
            foreach (var id in PackagedFeeSchedules.ReleaseIds)
            {
                found.TryAdd(id, new ReleaseSource(id, ReleaseSourceKind.Packaged, PackageName, PackageName));
            }
        }

        var wanted = options.Releases.Select(ReleaseId.Parse).ToHashSet();
        return [.. found.Values.Where(s => wanted.Count == 0 || wanted.Contains(s.Id)).OrderBy(s => s.EffectiveFrom).ThenBy(s => s.Id)];
    }

    /// <summary>The fingerprint of a folder of files (NCCI): empty when the folder is not set.</summary>
    public static string FolderFingerprint(string? folder) =>
        string.IsNullOrWhiteSpace(folder) || !Directory.Exists(folder) ? string.Empty : CmsFileReader.Fingerprint(new DirectoryInfo(folder).GetFiles());
}
