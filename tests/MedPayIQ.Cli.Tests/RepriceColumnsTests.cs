using System.Globalization;
using System.Text;
using CsvHelper;
using DuckDB.NET.Data;
using MedPayIQ.Cli.Reprice;
using Xunit;

namespace MedPayIQ.Cli.Tests;

/// <summary>
/// <c>medpayiq reprice --columns</c>: the CSV and Parquet output of the columns named, in the output's order, each field
/// the one the whole output has (priced lines and rejected rows alike); a bad list stops the run before any output.
/// </summary>
public sealed class RepriceColumnsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("medpayiq-columns-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Path(string name) => System.IO.Path.Combine(_folder, name);

    /// <summary>400 generated lines, with rows that cannot be read (a bad date, bad units, a stray quote) and a line of two modifiers (a quoted field).</summary>
    private string Claims()
    {
        var (csv, _) = RepriceTests.Generate(400, seed: 20261202);
        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToList();
        string[] Fields(int row) => rows[row].Split(',');
        string With(int row, int column, string value)
        {
            var f = Fields(row);
            f[column] = value;
            return string.Join(",", f);
        }

        rows[10] = With(10, 2, "2025-02-30");
        rows[50] = With(50, 5, "two");
        rows[90] = With(90, 4, "\"26,59\"");
        rows[120] = With(120, 3, "99\"213");
        File.WriteAllText(Path("claims.csv"), string.Join("\r\n", rows) + "\r\n");
        return Path("claims.csv");
    }

    private static List<string[]> ReadCsv(string path)
    {
        using var reader = CsvReader.Create(File.OpenRead(path), new CsvReaderOptions { HasHeader = false });
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetString)]);
        }

        return rows;
    }

    [Theory]
    [InlineData("allowed")]
    [InlineData("claim_id,line,date,hcpcs,modifiers,units,allowed")] // the DuckDB query's columns (docs/benchmarks.md)
    [InlineData("reason,claim_id,outcome")] // given out of order: written in the output's order
    [InlineData(" Limiting_Charge , modifiers,claim_rejected_rows")]
    [InlineData("claim_id,line,date,hcpcs,modifiers,units,outcome,allowed,medicare_payment,coinsurance,deductible,limiting_charge,fee_schedule_amount,release,confidence,reason,claim_rejected_rows")]
    public void The_columns_named_are_the_whole_outputs_fields_in_its_order(string list)
    {
        string input = Claims();
        var whole = CliRun.InProcess("reprice", input, "-o", Path("whole.csv"));
        var some = CliRun.InProcess("reprice", input, "-o", Path("some.csv"), "--columns", list);
        Assert.Equal(0, whole.Exit);
        Assert.True(some.Exit == 0, some.Err);
        Assert.Contains("3 rows rejected", some.Err, StringComparison.Ordinal);

        var named = list.Split(',').Select(n => n.Trim().ToLowerInvariant()).ToHashSet();
        int[] kept = [.. Enumerable.Range(0, RepriceColumns.Names.Length).Where(i => named.Contains(RepriceColumns.Names[i]))];
        var expected = ReadCsv(Path("whole.csv"));
        var actual = ReadCsv(Path("some.csv"));
        Assert.Equal(kept.Length, actual[0].Length);
        Assert.Equal(expected.Count, actual.Count);
        Assert.Contains(expected, row => row.Contains("Rejected"));
        for (int r = 0; r < expected.Count; r++)
        {
            Assert.Equal(kept.Select(i => expected[r][i]), actual[r]);
        }

        if (kept.Length == RepriceColumns.Names.Length)
        {
            Assert.Equal(File.ReadAllBytes(Path("whole.csv")), File.ReadAllBytes(Path("some.csv")));
        }
    }

    [Fact]
    public void Every_column_has_its_bit_in_the_names_order()
    {
        var columns = Enum.GetValues<RepriceColumn>();
        Assert.Equal(RepriceColumns.Names.Length, columns.Length);
        Assert.Equal(RepriceColumns.All, (1 << RepriceColumns.Names.Length) - 1);
        foreach (var column in columns)
        {
            string snake = string.Concat(column.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
            Assert.Equal(snake, RepriceColumns.Names[(int)column]);
            Assert.Equal(1 << (int)column, RepriceColumns.Parse(snake));
        }

        Assert.Equal(RepriceColumns.All, RepriceColumns.Parse(string.Join(",", RepriceColumns.Names.Reverse())));
    }

    [Theory]
    [InlineData("allowed,colour", "--columns: 'colour' is not a column of reprice's output; the columns are claim_id,line,")]
    [InlineData("allowed,,line", "--columns 'allowed,,line' has an empty name")]
    [InlineData("", "--columns '' has an empty name")]
    [InlineData("allowed,ALLOWED", "--columns: 'allowed' is given twice; each column once.")]
    public void A_bad_list_exits_2_naming_the_name_and_writes_nothing(string list, string message)
    {
        var (exit, _, error) = CliRun.InProcess("reprice", Claims(), "-o", Path("out.csv"), "--columns", list);
        Assert.Equal(2, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path("out.csv")));
    }

    [Fact]
    public void Json_lines_hold_the_whole_price_so_columns_are_refused()
    {
        var (exit, _, error) = CliRun.InProcess("reprice", Claims(), "-o", Path("out.jsonl"), "--json-lines", "--columns", "allowed");
        Assert.Equal(2, exit);
        Assert.Contains("--columns selects the columns of CSV or Parquet output", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path("out.jsonl")));
    }

    [Fact]
    public void Parquet_out_has_the_columns_named_with_the_date_as_read_beside_the_date()
    {
        string input = Claims();
        Assert.Equal(0, CliRun.InProcess("reprice", input, "-o", Path("some.csv"), "--columns", "claim_id,date,allowed,reason").Exit);
        Assert.Equal(0, CliRun.InProcess("reprice", input, "-o", Path("some.parquet"), "--columns", "reason,allowed,date,claim_id").Exit);
        Assert.Equal(0, CliRun.InProcess("reprice", input, "-o", Path("amounts.parquet"), "--columns", "allowed,units").Exit);

        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        using var command = duck.CreateCommand();
        command.CommandText = $"SELECT string_agg(column_name, ',') FROM (DESCRIBE SELECT * FROM read_parquet('{Path("some.parquet")}'))";
        Assert.Equal("claim_id,date,allowed,reason,date_as_read", command.ExecuteScalar());
        command.CommandText = $"SELECT string_agg(column_name, ',') FROM (DESCRIBE SELECT * FROM read_parquet('{Path("amounts.parquet")}'))";
        Assert.Equal("units,allowed,units_as_read", command.ExecuteScalar());

        var expected = ReadCsv(Path("some.csv")).Skip(1).ToList();
        command.CommandText = $"SELECT claim_id, date, allowed, reason, date_as_read FROM read_parquet('{Path("some.parquet")}')";
        using var reader = command.ExecuteReader();
        int n = 0;
        while (reader.Read())
        {
            var e = expected[n++];
            Assert.Equal(e[0], reader.GetString(0));
            Assert.Equal(e[1], reader.IsDBNull(1) ? reader.GetString(4) : DateOnly.FromDateTime(reader.GetDateTime(1)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Assert.Equal(e[2], reader.IsDBNull(2) ? "" : reader.GetDecimal(2).ToString("0.00", CultureInfo.InvariantCulture));
            Assert.Equal(e[3], reader.GetString(3));
        }

        Assert.Equal(expected.Count, n);
    }
}
