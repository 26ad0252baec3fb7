using System.CommandLine;
using MedPayIQ.Cli.Json;
using MedPayIQ.Cli.Options;
using MedPayIQ.Pricing;
using static MedPayIQ.Cli.Cli;

namespace MedPayIQ.Cli.Commands;

/// <summary><c>medpayiq data add|list|remove</c>: the per-user folder of CMS's quarterly RVU downloads that every command prices with.</summary>
internal sealed class DataCommand : Command
{
    public DataCommand(TextWriter output)
        : base("data", "The data folder of CMS's quarterly RVU downloads, used by every command beside the packaged releases: add, list, remove.")
    {
        Subcommands.Add(new AddCommand(output));
        Subcommands.Add(new ListCommand(output));
        Subcommands.Add(new RemoveCommand(output));
    }

    /// <summary><c>medpayiq data add ZIP|FOLDER...</c>.</summary>
    private sealed class AddCommand : Command
    {
        private readonly Argument<string[]> _paths = new("DOWNLOADS") { Description = "CMS RVU release zips as downloaded (RVU26A.zip) or the folders they were extracted to; CMS's ZIP code file (ZIP5_xxx.txt, or its zip), used by releases without one; CMS NCCI files (PTP, MUE, add-on code edits), their zips, or compiled snapshots (.ncci).", Arity = ArgumentArity.OneOrMore };
        private readonly TextWriter _writer;

        public AddCommand(TextWriter output)
            : base("add", "Validate CMS RVU release zips or folders, NCCI files, zips or snapshots, and CLFS, DMEPOS, PEN, DMEPOS ZIP code, former-CBA and ASP files with the loaders and store them in the data folder, with their source name, SHA-256 and when added; nothing is stored unless every one is whole.")
        {
            _writer = output;
            Arguments.Add(_paths);
            SetAction(parse =>
            {
                var folder = DataOption.GetValue(parse).User;
                foreach (var line in folder.Add(parse.GetValue(_paths) ?? []))
                {
                    _writer.WriteLine(line);
                }

                return Ok;
            });
        }
    }

    /// <summary><c>medpayiq data list</c>.</summary>
    private sealed class ListCommand : Command
    {
        private readonly OutputOptions _output = OutputOptions.JsonOr();
        private readonly TextWriter _writer;

        public ListCommand(TextWriter output)
            : base("list", "List the releases, NCCI files and CLFS, DMEPOS and ASP files in the data folder with their provenance.")
        {
            _writer = output;
            _output.AddTo(this);
            SetAction(parse =>
            {
                var folder = DataOption.GetValue(parse).User;
                var list = folder.List();
                if (_output.IsJson(parse))
                {
                    WriteJson(_writer, [.. list.Select(x => x.Source ?? new DataSourceJson(x.Location.Id.ToString(), x.Location.Path, string.Empty, default, [])),
                        .. folder.ListSchedules().Select(x => x.Source ?? new DataSourceJson(Path.GetFileName(x.Path), x.Path, string.Empty, default, []))], CliJsonContext.Default.DataSourceJsonArray);
                    return Ok;
                }

                var ncci = folder.ListNcci();
                var schedules = folder.ListSchedules();
                _writer.WriteLine($"data folder {folder.Root}: {(list.Length == 0 ? "no release (medpayiq data add RVU26D.zip)" : $"{list.Length} release{(list.Length == 1 ? "" : "s")}")}, {ncci.Length} NCCI file{(ncci.Length == 1 ? "" : "s")}, {schedules.Length} CLFS, DMEPOS or ASP file{(schedules.Length == 1 ? "" : "s")}");
                foreach (var (location, source) in list)
                {
                    _writer.WriteLine(Invariant($"{location.Id}  effective {location.EffectiveFrom:yyyy-MM-dd}  {(source is null ? "(no provenance file)" : $"from {source.Source}  sha256 {source.SourceSha256}  added {source.AddedAt:yyyy-MM-dd HH:mm:ss}Z")}"));
                    foreach (var f in source?.Files ?? [])
                    {
                        _writer.WriteLine(Invariant($"  {f.Name,-34} {f.Length,10:N0} bytes  sha256 {f.Sha256}"));
                    }
                }

                foreach (var (path, source) in folder.ListZipCodes())
                {
                    _writer.WriteLine(Invariant($"{Path.GetFileName(path)}  ZIP codes for releases without a ZIP5 file  {(source is null ? "(no provenance file)" : $"from {source.Source}  sha256 {source.SourceSha256}  added {source.AddedAt:yyyy-MM-dd HH:mm:ss}Z")}"));
                }

                foreach (var (path, source) in schedules)
                {
                    _writer.WriteLine(Invariant($"{Path.GetFileName(path)}  {(source is null ? "(no provenance file)" : $"{source.Release}  sha256 {source.SourceSha256}  added {source.AddedAt:yyyy-MM-dd HH:mm:ss}Z")}"));
                }

                foreach (var (path, source) in ncci)
                {
                    _writer.WriteLine(Invariant($"{Path.GetFileName(path)}  {(source is null ? "(no provenance file)" : $"{source.Release}  sha256 {source.SourceSha256}  added {source.AddedAt:yyyy-MM-dd HH:mm:ss}Z")}"));
                }

                return Ok;
            });
        }
    }

    /// <summary><c>medpayiq data remove RELEASE...</c>.</summary>
    private sealed class RemoveCommand : Command
    {
        private readonly Argument<string[]> _ids = new("NAMES")
        {
            Description = "The releases (such as RVU26D), NCCI files or CLFS, DMEPOS and ASP files (as data list names them) to remove.",
            Arity = ArgumentArity.OneOrMore,
        };

        private readonly TextWriter _writer;

        public RemoveCommand(TextWriter output)
            : base("remove", "Remove releases, NCCI files or CLFS, DMEPOS and ASP files from the data folder.")
        {
            _writer = output;
            Arguments.Add(_ids);
            SetAction(parse =>
            {
                foreach (var line in DataOption.GetValue(parse).User.Remove(parse.GetValue(_ids) ?? []))
                {
                    _writer.WriteLine(line);
                }

                return Ok;
            });
        }
    }
}
