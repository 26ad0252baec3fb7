using System.Globalization;
using DuckDB.NET.Data;
using Parquet;
using Parquet.Schema;
using Xunit;

namespace MedPayIQ.Cli.Tests;

/// <summary>
/// <c>medpayiq reprice</c> with Parquet in and out: the same claims as CSV and as Parquet give the same bytes out, the
/// Parquet output holds the CSV output's values (decimals as DECIMAL(18,2), dates as DATE), and DuckDB reads it.
/// </summary>
public sealed class RepriceParquetTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("medpayiq-parquet-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Path(string name) => System.IO.Path.Combine(_folder, name);

    /// <summary>The rows of a CSV claim file written as Parquet: dates as DATE, numbers as integers and decimals, participating as a boolean.</summary>
    private static async Task WriteParquet(string path, IReadOnlyList<string[]> rows)
    {
        DataField<string> Text(string name) => new(name, nullable: true);
        var claimId = Text("claim_id");
        var line = new DataField<int>("line", nullable: false);
        var date = new DataField<DateOnly>("date", nullable: false);
        var hcpcs = Text("hcpcs");
        var modifiers = Text("modifiers");
        var units = new DataField<int>("units", nullable: false);
        var pos = Text("pos");
        var carrier = Text("carrier");
        var locality = Text("locality");
        var zip = Text("zip");
        var provider = Text("provider");
        var participating = new DataField<bool>("participating", nullable: false);
        var charge = new DecimalDataField("charge", 9, 2, isNullable: true);
        var minutes = new DataField<int?>("minutes", nullable: true);
        var baseUnits = new DataField<int?>("base_units", nullable: true);
        var schema = new ParquetSchema(claimId, line, date, hcpcs, modifiers, units, pos, carrier, locality, zip, provider, participating, charge, minutes, baseUnits);
        int? Int(string s) => s.Length == 0 ? null : int.Parse(s, CultureInfo.InvariantCulture);
        var cancel = TestContext.Current.CancellationToken;
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream, cancellationToken: cancel);
        foreach (var part in rows.Chunk(400)) // row groups of 400 rows: claims cross row groups
        {
            var r = part;
            string?[] Col(int i) => [.. r.Select(x => x[i].Length == 0 ? null : x[i])];
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(claimId, Col(0));
            await group.WriteAsync(line, (ReadOnlyMemory<int>)r.Select(x => int.Parse(x[1], CultureInfo.InvariantCulture)).ToArray(), cancellationToken: cancel);
            await group.WriteAsync(date, (ReadOnlyMemory<DateOnly>)r.Select(x => DateOnly.ParseExact(x[2], "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray(), cancellationToken: cancel);
            await group.WriteAsync(hcpcs, Col(3));
            await group.WriteAsync(modifiers, Col(4));
            await group.WriteAsync(units, (ReadOnlyMemory<int>)r.Select(x => int.Parse(x[5], CultureInfo.InvariantCulture)).ToArray(), cancellationToken: cancel);
            foreach (var (field, i) in new[] { (pos, 6), (carrier, 7), (locality, 8), (zip, 9), (provider, 10) })
            {
                await group.WriteAsync(field, Col(i));
            }

            await group.WriteAsync(participating, (ReadOnlyMemory<bool>)r.Select(x => x[11] == "Y").ToArray(), cancellationToken: cancel);
            await group.WriteAsync(charge, (ReadOnlyMemory<decimal?>)r.Select(x => x[12].Length == 0 ? (decimal?)null : decimal.Parse(x[12], CultureInfo.InvariantCulture)).ToArray(), cancellationToken: cancel);
            await group.WriteAsync(minutes, (ReadOnlyMemory<int?>)r.Select(x => Int(x[13])).ToArray(), cancellationToken: cancel);
            await group.WriteAsync(baseUnits, (ReadOnlyMemory<int?>)r.Select(x => Int(x[14])).ToArray(), cancellationToken: cancel);
        }
    }

    [Fact]
    public async Task The_same_1000_lines_as_CSV_and_as_Parquet_give_the_same_output_and_DuckDB_reads_the_Parquet_output()
    {
        var (csv, _) = RepriceTests.Generate(1000, seed: 20261130);
        File.WriteAllText(Path("claims.csv"), csv);
        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(r => r.Split(',')).ToList();
        await WriteParquet(Path("claims.parquet"), rows);

        var fromCsv = CliRun.InProcess("reprice", Path("claims.csv"), "-o", Path("csv.csv"));
        var fromParquet = CliRun.InProcess("reprice", Path("claims.parquet"), "-o", Path("parquet.csv"));
        Assert.Equal(0, fromCsv.Exit);
        Assert.True(fromParquet.Exit == 0, fromParquet.Err);
        Assert.Contains("1,000 lines in", fromParquet.Err, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(Path("csv.csv")), File.ReadAllBytes(Path("parquet.csv")));

        Assert.Equal(0, CliRun.InProcess("reprice", Path("claims.parquet"), "-o", Path("priced.parquet")).Exit);
        var expected = File.ReadAllLines(Path("csv.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        using var command = duck.CreateCommand();
        command.CommandText = $"SELECT claim_id, line, date, hcpcs, units, outcome, allowed, medicare_payment, limiting_charge, release, claim_rejected_rows, typeof(allowed), typeof(date) FROM read_parquet('{Path("priced.parquet")}')";
        using var reader = command.ExecuteReader();
        int n = 0;
        while (reader.Read())
        {
            var e = expected[n++];
            Assert.Equal(e[0], reader.GetString(0));
            Assert.Equal(e[1], reader.GetString(1));
            Assert.Equal(e[2], DateOnly.FromDateTime(reader.GetDateTime(2)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Assert.Equal(e[3], reader.GetString(3));
            Assert.Equal(e[5], reader.GetInt32(4).ToString(CultureInfo.InvariantCulture));
            Assert.Equal(e[6], reader.GetString(5));
            Assert.Equal(e[7], reader.GetDecimal(6).ToString("0.00", CultureInfo.InvariantCulture));
            Assert.Equal(e[8], reader.GetDecimal(7).ToString("0.00", CultureInfo.InvariantCulture));
            Assert.Equal(e[11], reader.IsDBNull(8) ? "" : reader.GetDecimal(8).ToString("0.00", CultureInfo.InvariantCulture));
            Assert.Equal(e[13], reader.GetString(9));
            Assert.Equal(0, reader.GetInt32(10));
            Assert.Equal("DECIMAL(18,2)", reader.GetString(11));
            Assert.Equal("DATE", reader.GetString(12));
        }

        Assert.Equal(1000, n);
    }

    [Fact]
    public async Task Bad_values_in_a_Parquet_file_are_rejected_rows_named_by_row_and_column()
    {
        var rows = new List<string[]>
        {
            new[] { "A", "1", "2025-03-03", "99213", "", "1", "11", "", "", "", "", "Y", "", "", "" },
            new[] { "A", "2", "2025-03-03", "9921", "", "1", "11", "", "", "", "", "Y", "", "", "" },
            new[] { "B", "1", "2025-03-03", "99214", "", "1", "11", "", "", "", "nurse", "Y", "", "", "" },
        };
        await WriteParquet(Path("bad.parquet"), rows);
        var (exit, _, error) = CliRun.InProcess("reprice", Path("bad.parquet"), "-o", Path("bad.csv"));
        Assert.Equal(0, exit);
        var output = File.ReadAllLines(Path("bad.csv"));
        Assert.EndsWith(",1", output[1], StringComparison.Ordinal);
        Assert.Contains(",Rejected,,,,,,,,,\"bad.parquet line 2 column hcpcs: '9921' is not a HCPCS code", output[2], StringComparison.Ordinal);
        Assert.Contains(",Rejected,,,,,,,,,\"bad.parquet line 3 column provider: 'nurse' is not a provider kind", output[3], StringComparison.Ordinal);
        Assert.Contains("2 rows rejected (1 claims priced without them)", error, StringComparison.Ordinal);

        // Parquet out: a rejected row's date and units, not a DATE or an INT32, kept as read in date_as_read and units_as_read (null elsewhere)
        File.WriteAllText(Path("bad-text.csv"), "claim_id,date,hcpcs,units\r\nA,2025-03-03,99213,1\r\nA,2025-03-03,9921,1\r\nB,2025-03-03,99214,x\r\nC,03/03/2025,99214,two\r\n");
        Assert.Equal(0, CliRun.InProcess("reprice", Path("bad-text.csv"), "-o", Path("bad-out.parquet")).Exit);
        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        using var command = duck.CreateCommand();
        command.CommandText = $"SELECT claim_id, outcome, date, units, date_as_read, units_as_read, typeof(date_as_read) FROM read_parquet('{Path("bad-out.parquet")}')";
        using var reader = command.ExecuteReader();
        var read = new List<string>();
        while (reader.Read())
        {
            string Text(int i) => reader.IsDBNull(i) ? "null" : i == 2 ? DateOnly.FromDateTime(reader.GetDateTime(i)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!;
            read.Add(string.Join("|", Enumerable.Range(0, 7).Select(Text)));
        }

        Assert.Equal(
        [
            "A|Priced|2025-03-03|1|null|null|VARCHAR",
            "A|Rejected|2025-03-03|1|null|null|VARCHAR",
            "B|Rejected|2025-03-03|null|null|x|VARCHAR",
            "C|Rejected|null|null|03/03/2025|two|VARCHAR",
        ], read);

        var strict = CliRun.InProcess("reprice", Path("bad.parquet"), "-o", Path("strict.parquet"), "--strict");
        Assert.Equal(2, strict.Exit);
        Assert.False(File.Exists(Path("strict.parquet")));
    }

    [Fact]
    public async Task A_Parquet_beneficiary_zip_column_prices_DME_by_the_beneficiary_s_rural_ZIP_and_names_a_bad_one()
    {
        // E0601-RR, DMEPOS26_JAN California: non-rural 50.44, rural 93.04 (90704 is rural in the 2026 Q1 ZIP file).
        var claimId = new DataField<string>("claim_id", nullable: true);
        var line = new DataField<int>("line", nullable: false);
        var date = new DataField<DateOnly>("date", nullable: false);
        var hcpcs = new DataField<string>("hcpcs", nullable: true);
        var modifiers = new DataField<string>("modifiers", nullable: true);
        var zip = new DataField<string>("zip", nullable: true);
        var beneficiaryZip = new DataField<string>("beneficiary_zip", nullable: true);
        var cancel = TestContext.Current.CancellationToken;
        await using (var stream = File.Create(Path("dme.parquet")))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(claimId, line, date, hcpcs, modifiers, zip, beneficiaryZip), stream, cancellationToken: cancel))
        using (var group = writer.CreateRowGroup())
        {
            var feb = new DateOnly(2026, 2, 10);
            await group.WriteAsync(claimId, new string?[] { "R", "U", "B" });
            await group.WriteAsync(line, (ReadOnlyMemory<int>)new[] { 1, 1, 1 }, cancellationToken: cancel);
            await group.WriteAsync(date, (ReadOnlyMemory<DateOnly>)new[] { feb, feb, feb }, cancellationToken: cancel);
            await group.WriteAsync(hcpcs, new string?[] { "E0601", "E0601", "E0601" });
            await group.WriteAsync(modifiers, new string?[] { "RR", "RR", "RR" });
            await group.WriteAsync(zip, new string?[] { "93101", "93101", "93101" });
            await group.WriteAsync(beneficiaryZip, new string?[] { "90704", null, "9070" });
        }

        var (exit, _, error) = CliRun.InProcess("reprice", Path("dme.parquet"), "-o", Path("dme.csv"));
        Assert.True(exit is 0 or 1, error);
        var lines = File.ReadAllLines(Path("dme.csv"));
        Assert.Contains(lines, l => l.StartsWith("R,1,2026-02-10,E0601,RR,1,Priced,93.04,", StringComparison.Ordinal)); // the beneficiary's rural ZIP
        Assert.Contains(lines, l => l.StartsWith("U,1,2026-02-10,E0601,RR,1,Priced,50.44,", StringComparison.Ordinal)); // none: the service ZIP
        var bad = Assert.Single(lines, l => l.StartsWith("B,", StringComparison.Ordinal));
        Assert.Contains("column beneficiary_zip: '9070' is not a ZIP code", bad, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Parquet_file_without_the_claim_columns_exits_2()
    {
        var field = new DataField<string>("color", nullable: true);
        await using (var stream = File.Create(Path("colors.parquet")))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(field), stream, cancellationToken: TestContext.Current.CancellationToken))
        using (var group = writer.CreateRowGroup())
        {
            await group.WriteAsync(field, new string?[] { "red" });
        }

        var (exit, _, error) = CliRun.InProcess("reprice", Path("colors.parquet"), "-o", Path("out.csv"));
        Assert.Equal(2, exit);
        Assert.Contains("colors.parquet column 1: 'color' is not a column", error, StringComparison.Ordinal);
        File.WriteAllBytes(Path("broken.parquet"), "PAR1 and then nothing a Parquet file holds"u8.ToArray());
        var broken = CliRun.InProcess("reprice", Path("broken.parquet"), "-o", Path("out.csv"));
        Assert.Equal(2, broken.Exit);
        Assert.StartsWith("medpayiq: broken.parquet is not a Parquet file that can be read", broken.Err, StringComparison.Ordinal);
    }
}
