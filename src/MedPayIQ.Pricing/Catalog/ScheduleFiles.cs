using System.Collections.Immutable;

namespace MedPayIQ.Pricing;

/// <summary>The kinds of CMS file of the other Part B schedules, as their names tell them (<see cref="ScheduleFileLocation.KindOf"/>).</summary>
public enum ScheduleFileKind
{
    /// <summary>The Clinical Laboratory Fee Schedule: <c>*CLFS*</c> (.csv, .txt, .xlsx or CMS's zip).</summary>
    ClinicalLab,

    /// <summary>The DMEPOS fee schedule or its enteral and parenteral nutrition schedule: <c>DMEPOS*</c>, <c>DMEPEN*</c> (.csv, .xlsx, .zip).</summary>
    Dmepos,

    /// <summary>The DMEPOS rural and former-CBA ZIP code file: <c>DME*ZIP*</c> (.csv, .xlsx, .zip).</summary>
    DmeposZipCodes,

    /// <summary>The DMEPOS fee schedule of the former competitive bidding areas: <c>*CBA*</c> (.csv, .xlsx, .zip).</summary>
    DmeposFormerCba,

    /// <summary>The Part B drug payment limit (ASP) file: <c>*ASP*</c> (.csv or .zip).</summary>
    PartBDrugs,
}

/// <summary>
/// A CLFS, DMEPOS, PEN, DMEPOS ZIP code, former-CBA or ASP file found in a folder (<see cref="ReleaseFolder.FindSchedules"/>),
/// before it is loaded: its kind, path and a fingerprint (name, size, time written), so that a file that changes is seen as
/// a new one. The command-line tool and the hosting package both find and load these files this way.
/// </summary>
public sealed class ScheduleFileLocation
{
    internal ScheduleFileLocation(ScheduleFileKind kind, string path, string fingerprint)
    {
        Kind = kind;
        Path = path;
        Fingerprint = fingerprint;
    }

    /// <summary>What the file is, from its name.</summary>
    public ScheduleFileKind Kind { get; }

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <summary>A hash of the file's name, size and time written: equal when nothing changed.</summary>
    public string Fingerprint { get; }

    /// <summary>The kind a file's name gives (CMS's names; "ZIP" counts in the name, not as the extension), or <c>null</c> when it is none of them.</summary>
    /// <param name="fileName">The file's name or path.</param>
    public static ScheduleFileKind? KindOf(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        string name = System.IO.Path.GetFileName(fileName).ToUpperInvariant(), stem = System.IO.Path.GetFileNameWithoutExtension(name);
        bool csv = name.EndsWith(".CSV", StringComparison.Ordinal), zip = name.EndsWith(".ZIP", StringComparison.Ordinal), xlsx = name.EndsWith(".XLSX", StringComparison.Ordinal);
        bool table = csv || zip || xlsx;
        if (stem.Contains("CLFS", StringComparison.Ordinal) && (table || name.EndsWith(".TXT", StringComparison.Ordinal)))
        {
            return ScheduleFileKind.ClinicalLab;
        }

        if (name.StartsWith("DME", StringComparison.Ordinal) && stem.Contains("ZIP", StringComparison.Ordinal) && table)
        {
            return ScheduleFileKind.DmeposZipCodes;
        }

        if ((name.StartsWith("DMEPOS", StringComparison.Ordinal) || name.StartsWith("DMEPEN", StringComparison.Ordinal)) && table)
        {
            return ScheduleFileKind.Dmepos;
        }

        if (stem.Contains("CBA", StringComparison.Ordinal) && table)
        {
            return ScheduleFileKind.DmeposFormerCba;
        }

        return stem.Contains("ASP", StringComparison.Ordinal) && (csv || zip) ? ScheduleFileKind.PartBDrugs : null;
    }

    /// <summary>
    /// Loads the file with its kind's loader: a <see cref="ClinicalLabFeeSchedule"/>, <see cref="DmeposFeeSchedule"/>,
    /// <see cref="DmeposZipFile"/>, <see cref="DmeposFormerCbaSchedule"/> or <see cref="DrugPaymentLimits"/>.
    /// </summary>
    /// <param name="options">Loader settings; <c>null</c>: the defaults.</param>
    /// <exception cref="CmsFileFormatException">The file is malformed.</exception>
    public QuarterlySchedule Load(FeeScheduleLoadOptions? options = null) => LoadFile(Kind, Path, options);

    /// <summary>Loads a file of a kind (see <see cref="Load(FeeScheduleLoadOptions?)"/>).</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="path">The file.</param>
    /// <param name="options">Loader settings; <c>null</c>: the defaults.</param>
    /// <exception cref="CmsFileFormatException">The file is malformed.</exception>
    public static QuarterlySchedule LoadFile(ScheduleFileKind kind, string path, FeeScheduleLoadOptions? options) => kind switch
    {
        ScheduleFileKind.ClinicalLab => ClinicalLabLoader.Load(path, options),
        ScheduleFileKind.Dmepos => DmeposLoader.Load(path, options),
        ScheduleFileKind.DmeposZipCodes => DmeposLoader.LoadZipCodes(path, options),
        ScheduleFileKind.DmeposFormerCba => DmeposLoader.LoadFormerCba(path, options),
        _ => DrugPaymentLimitLoader.Load(path, options),
    };

    /// <summary>The rows of a loaded schedule (<see cref="QuarterlySchedule.RowCount"/>).</summary>
    /// <param name="schedule">A schedule loaded (<see cref="Load(FeeScheduleLoadOptions?)"/>).</param>
    public static int Rows(QuarterlySchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return schedule.RowCount;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Kind} ({Path})";

    /// <summary>The schedule files of a folder and its folders (two levels down), by path; a CLFS text file beside its CSV is left to the CSV.</summary>
    internal static ImmutableArray<ScheduleFileLocation> Find(DirectoryInfo folder)
    {
        var found = ImmutableArray.CreateBuilder<ScheduleFileLocation>();
        foreach (var file in folder.EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 2 }).OrderBy(f => f.FullName, StringComparer.Ordinal))
        {
            string path = file.FullName;
            if (file.Name.StartsWith('.') || KindOf(path) is not { } kind
                || (path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) && File.Exists(System.IO.Path.ChangeExtension(path, ".csv"))))
            {
                continue;
            }

            found.Add(new ScheduleFileLocation(kind, path, CmsFileReader.Fingerprint([file])));
        }

        return found.ToImmutable();
    }
}
