using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace MedPayIQ.Cli.Json;

/// <summary>
/// Writes JSON lines through source-generated contracts: one object a line, <c>\n</c>-terminated, through one
/// reused buffer and JSON writer.
/// </summary>
internal sealed class JsonLineWriter : IDisposable
{
    private readonly TextWriter _output;
    private readonly MemoryStream _buffer = new();
    private readonly Utf8JsonWriter _json;

    public JsonLineWriter(TextWriter output)
    {
        _output = output;
        _json = new Utf8JsonWriter(_buffer);
    }

    /// <summary>Writes <paramref name="value"/> as one line.</summary>
    public void Write<T>(T value, JsonTypeInfo<T> contract)
    {
        _json.Reset();
        _buffer.SetLength(0);
        JsonSerializer.Serialize(_json, value, contract);
        _json.Flush();
        _output.Write(Encoding.UTF8.GetString(_buffer.GetBuffer(), 0, (int)_buffer.Length));
        _output.Write('\n');
    }

    public void Dispose()
    {
        _json.Dispose();
        _buffer.Dispose();
    }
}
