using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using MedPayIQ.Cli.Options;
using MedPayIQ.Ncci;
using static MedPayIQ.Cli.Cli;

namespace MedPayIQ.Cli.Commands;

/// <summary><c>medpayiq ncci compile</c>: CMS's NCCI files compiled into one snapshot that opens without parsing.</summary>
internal sealed class NcciCommand : Command
{
    public NcciCommand(TextWriter output)
        : base("ncci", "NCCI tables: compile CMS's files into a snapshot.")
    {
        Subcommands.Add(new CompileCommand(output));
    }

    /// <summary><c>medpayiq ncci compile FILES -o SNAPSHOT</c>.</summary>
    private sealed class CompileCommand : Command
    {
        private readonly Argument<FileInfo[]> _files = new("FILES") { Description = "CMS's NCCI files, their zips or folders (PTP parts f1..f4, MUE, add-on code edits), or snapshots to merge.", Arity = ArgumentArity.OneOrMore };
        private readonly OutputOptions _output = OutputOptions.ToFile("The snapshot to write (.ncci).", required: true);
        private readonly TextWriter _writer;

        public CompileCommand(TextWriter output)
            : base("compile", "Compile NCCI tables into one immutable snapshot (format version, CMS file names and SHA-256, table kind, version, effective date, content checksum); every command that takes an NCCI file takes the snapshot.")
        {
            _writer = output;
            Arguments.Add(_files);
            _files.Validators.Add(result =>
            {
                // A file, a zip or a folder of them.
                if ((result.GetValue(_files) ?? []).FirstOrDefault(f => !f.Exists && !Directory.Exists(f.FullName)) is { } missing)
                {
                    Parsers.Reject(result, $"the file '{missing.FullName}' does not exist.");
                }
            });
            _output.AddTo(this);
            SetAction(Run);
        }

        private int Run(ParseResult parse)
        {
            var paths = parse.GetValue(_files)!.Select(f => f.FullName).ToList();
            var tables = NcciCatalog.Create(NcciLoader.Load(paths, new NcciLoadOptions())).Tables.ToList();
            var target = _output.GetFile(parse)!;
            string temporary = target.FullName + ".tmp";
            NcciSnapshot.Write(temporary, tables);
            File.Move(temporary, target.FullName, overwrite: true); // a reader never sees a half-written snapshot
            var inv = CultureInfo.InvariantCulture;
            foreach (var t in tables)
            {
                _writer.WriteLine(string.Create(inv, $"{t.Source.Kind} {t.Source.Version} (from {t.Source.EffectiveFrom:yyyy-MM-dd}): {t.Count:N0} rows from {string.Join(", ", t.Source.FileNames)}"));
            }

            using var written = File.OpenRead(target.FullName);
            _writer.WriteLine(string.Create(inv, $"{target.Name}: {written.Length:N0} bytes, snapshot format {NcciSnapshot.CurrentFormatVersion}, sha256 {Convert.ToHexStringLower(SHA256.HashData(written))}"));
            return Ok;
        }
    }
}
