using System.CommandLine;
using MedPayIQ.Ncci;

namespace MedPayIQ.Cli.Options;

/// <summary>The NCCI tables a command checks with: <c>--ptp</c>, <c>--mue</c>, <c>--aoc</c> (CMS's files, their zips, or compiled snapshots), and those in <c>--data</c>.</summary>
internal sealed class NcciOptions
{
    /// <summary><c>--ptp</c>.</summary>
    public Option<FileInfo[]> Ptp { get; } = new("--ptp") { Description = "A CMS PTP file (ccipra-…/ccioph-… text, or their zip), or a compiled snapshot (.ncci); repeat for parts f1..f4 and versions.", AllowMultipleArgumentsPerToken = true };

    /// <summary><c>--mue</c>.</summary>
    public Option<FileInfo[]> Mue { get; } = new("--mue") { Description = "A CMS MUE file (MCR_MUE_…csv) or a compiled snapshot; repeat for settings and versions; default: the packaged practitioner MUE table effective 2026-04-01.", AllowMultipleArgumentsPerToken = true };

    /// <summary><c>--aoc</c>.</summary>
    public Option<FileInfo[]> Aoc { get; } = new("--aoc") { Description = "A CMS add-on code edit file (AOC_V…csv); default: the packaged 2026Q2 edits.", AllowMultipleArgumentsPerToken = true };

    /// <summary>Adds the options to <paramref name="command"/>; each file given must exist.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new[] { Ptp, Mue, Aoc })
        {
            Parsers.MustExist(option);
            command.Options.Add(option);
        }
    }

    /// <summary>
    /// The NCCI tables named on the command line and those in the --data folder; the packaged add-on edits unless
    /// either brings add-on edits of its own, and the packaged practitioner MUE table (2026-04-01) unless either brings
    /// that quarter's.
    /// </summary>
    public NcciCatalog GetValue(ParseResult parse)
    {
        var paths = new List<string>();
        var source = DataOption.GetValue(parse);
        if (source.Folder is { Exists: true } data)
        {
            paths.Add(data.FullName);
        }
        else if (source.Folder is null && source.User.ListNcci().Length > 0)
        {
            paths.Add(source.User.Ncci); // the NCCI files of the data folder (medpayiq data add)
        }

        foreach (var option in new[] { Ptp, Mue, Aoc })
        {
            paths.AddRange((parse.GetValue(option) ?? []).Select(f => f.FullName));
        }

        // Files, zips and snapshots (.ncci) together: the parts of a PTP version join, and a snapshot is checked
        // against the CMS files it was compiled from when they are given too.
        var tables = paths.Count == 0 ? [] : NcciLoader.Load(paths, new NcciLoadOptions()).ToList();

        // A file cut short (a copy in progress) is refused against the packaged table of its version, with the counts.
        NcciAdmission.ThrowIfRefused(tables, [PackagedNcci.AddOnEdits, PackagedNcci.PractitionerMue], previousVersionShare: 0m);
        if (!tables.Any(t => t.Source.Kind == NcciTableKind.AddOn))
        {
            tables.Add(PackagedNcci.AddOnEdits);
        }

        // The packaged practitioner MUE table sits beside other quarters given; CMS's file of its own quarter replaces it.
        var packagedMue = PackagedNcci.PractitionerMue;
        if (!tables.Any(t => t.Source.Kind == NcciTableKind.MuePractitioner && t.Source.EffectiveFrom == packagedMue.Source.EffectiveFrom))
        {
            tables.Add(packagedMue);
        }

        return NcciCatalog.Create(tables);
    }
}
