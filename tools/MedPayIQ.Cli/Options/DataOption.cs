using System.CommandLine;
using MedPayIQ.Cli.Data;
using MedPayIQ.Pricing;
using MedPayIQ.Pricing.Data;

namespace MedPayIQ.Cli.Options;

/// <summary>What a command prices with: the folder given with <c>--data</c> (CMS's own files instead of the packaged data), or the packaged releases with those of the user's data folder.</summary>
/// <param name="Folder">The <c>--data</c> folder, if given.</param>
/// <param name="User">The user's data folder (<c>medpayiq data add</c>).</param>
internal sealed record DataSource(DirectoryInfo? Folder, UserDataFolder User);

/// <summary><c>--data</c> and <c>--data-dir</c> on every command, and the fee schedule catalog they make.</summary>
internal static class DataOption
{
    public static readonly Option<DirectoryInfo?> Option = new("--data")
    {
        Description = "Load CMS's own files from this folder (a release folder, or a folder of release folders) instead of the packaged data and the data folder.",
        Recursive = true,
    };

    public static readonly Option<DirectoryInfo?> DataDir = new("--data-dir")
    {
        Description = $"The data folder of 'medpayiq data add' (default: ${UserDataFolder.EnvironmentVariable}, else the per-user data folder, such as ~/.local/share/medpayiq).",
        Recursive = true,
    };

    /// <summary>The folder given, if any, and the user's data folder.</summary>
    public static DataSource GetValue(ParseResult parse) => new(parse.GetValue(Option), UserDataFolder.Resolve(parse.GetValue(DataDir), TimeProvider.System));

    /// <summary>
    /// The releases found in the <c>--data</c> folder, each with the files it lacks from the best other source of its year
    /// (<see cref="PackagedFeeSchedules.WithMissingFiles"/>); else the packaged releases and those of the data folder, a
    /// release of the data folder replacing a packaged one of the same id.
    /// </summary>
    public static FeeScheduleCatalog LoadCatalog(DataSource source)
    {
        if (source.Folder is not { } data)
        {
            var added = source.User.Load();
            var schedules = source.User.LoadSchedules();
            var catalog = added.Aggregate(PackagedFeeSchedules.Catalog, (c, r) => c.With(r));
            return schedules.Aggregate(catalog, (c, s) => c.With(s));
        }

        if (!data.Exists)
        {
            throw new UsageException($"the folder '{data.FullName}' does not exist.");
        }

        // A release folder itself, or a folder of release folders and zips (RVU25A/, RVU25D.zip, ...), found as the hosting package finds them.
        var found = ReleaseFolder.Find(data.FullName);
        var partB = PartBFilesIn(data);
        if (found.Length == 0 && partB.Count == 0)
        {
            throw new UsageException($"no PPRRVU file in '{data.FullName}' or its folders, and no release zip (RVU25D.zip) in it.");
        }

        // Each release takes the files it lacks (ZIP5, ANES, OPPSCAP...) from the best other source of its year (the
        // packaged release of its id, another release of the folder, the nearest packaged one), as the hosting package
        // does, its provenance saying so; then it is admitted.
        var loaded = found.Select(r => r.Load()).ToList();
        var releases = loaded.Select(r => Admit(PackagedFeeSchedules.WithMissingFiles(r, loaded))).ToList();
        return partB.Aggregate(FeeScheduleCatalog.Create(releases), (catalog, add) => add(catalog));
    }

    /// <summary>
    /// The CLFS, DMEPOS, PEN, DMEPOS ZIP code, former-CBA and ASP files of a --data folder and its folders, found as the
    /// hosting package finds them (<see cref="ReleaseFolder.FindSchedules"/>). Each loads into the catalog.
    /// </summary>
    private static List<Func<FeeScheduleCatalog, FeeScheduleCatalog>> PartBFilesIn(DirectoryInfo folder)
        => [.. ReleaseFolder.FindSchedules(folder.FullName).Select(found => (Func<FeeScheduleCatalog, FeeScheduleCatalog>)(c => c.With(found.Load())))];

    /// <summary>
    /// A release loaded from CMS's files, admitted against the packaged release of its id (a file cut short, such as a
    /// copy in progress, is refused with the row counts: <see cref="ReleaseAdmission"/>).
    /// </summary>
    /// <exception cref="FeeScheduleFormatException">The release is refused.</exception>
    public static FeeScheduleRelease Admit(FeeScheduleRelease release)
        => ReleaseAdmission.Check(release, [PackagedFeeSchedules.ReleaseIds.Contains(release.Id) ? PackagedFeeSchedules.Get(release.Id) : null]).ThrowIfRefused();

    /// <summary>Whether the packaged copy of a release is the one a command uses (no --data folder, and the data folder does not replace it).</summary>
    public static bool UsesPackaged(DataSource source, ReleaseId id)
        => source.Folder is null && PackagedFeeSchedules.ReleaseIds.Contains(id) && !source.User.List().Any(x => x.Location.Id == id);
}
