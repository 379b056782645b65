using System.Text.Json;

namespace Exactly.Bot.Ethereum.Abi;

/// <summary>
/// A contract's JSON ABI (Solidity "JSON ABI" format): its functions, custom errors and events. Loads either the bare
/// array or an artifact object with an <c>"abi"</c> member (hardhat-deploy <c>deployments/*.json</c>, forge <c>out/*.json</c>).
/// </summary>
public sealed class ContractAbi
{
    private ContractAbi(IReadOnlyList<AbiFunction> functions, IReadOnlyList<AbiError> errors, IReadOnlyList<AbiEvent> events)
    {
        Functions = functions;
        Errors = errors;
        Events = events;
    }

    /// <summary>Every <c>"type": "function"</c> entry.</summary>
    public IReadOnlyList<AbiFunction> Functions { get; }

    /// <summary>Every <c>"type": "error"</c> entry.</summary>
    public IReadOnlyList<AbiError> Errors { get; }

    /// <summary>Every <c>"type": "event"</c> entry.</summary>
    public IReadOnlyList<AbiEvent> Events { get; }

    /// <summary>The first function with this name (overloads: use <see cref="Functions"/>).</summary>
    /// <exception cref="KeyNotFoundException">No function has that name.</exception>
    public AbiFunction Function(string name) =>
        Functions.FirstOrDefault(f => f.Name == name) ?? throw new KeyNotFoundException($"The ABI has no function '{name}'.");

    /// <summary>The event with this name.</summary>
    /// <exception cref="KeyNotFoundException">No event has that name.</exception>
    public AbiEvent Event(string name) =>
        Events.FirstOrDefault(e => e.Name == name) ?? throw new KeyNotFoundException($"The ABI has no event '{name}'.");

    /// <summary>Parses JSON text: an ABI array, or an object whose <c>abi</c> member is one.</summary>
    /// <exception cref="FormatException">The JSON is not an ABI, or an entry has an invalid type.</exception>
    public static ContractAbi Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        return FromJson(document.RootElement);
    }

    /// <summary>Loads a JSON file (see <see cref="Parse"/>).</summary>
    public static async Task<ContractAbi> LoadAsync(string path, CancellationToken cancellationToken = default) =>
        Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));

    /// <summary>Reads an ABI array, or an object with an <c>abi</c> array.</summary>
    /// <exception cref="FormatException">The JSON is not an ABI.</exception>
    public static ContractAbi FromJson(JsonElement json)
    {
        if (json.ValueKind == JsonValueKind.Object && json.TryGetProperty("abi", out var abi))
        {
            json = abi;
        }

        if (json.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("A JSON ABI is an array of entries (or an object with an \"abi\" array).");
        }

        var functions = new List<AbiFunction>();
        var errors = new List<AbiError>();
        var events = new List<AbiEvent>();
        foreach (var entry in json.EnumerateArray())
        {
            switch (entry.TryGetProperty("type", out var t) ? t.GetString() : "function")
            {
                case "function":
                    functions.Add(FunctionFromJson(entry));
                    break;
                case "error":
                    errors.Add(ErrorFromJson(entry));
                    break;
                case "event":
                    events.Add(EventFromJson(entry));
                    break;
            }
        }

        return new ContractAbi(functions, errors, events);
    }

    /// <summary>A function from one JSON ABI entry (<c>name</c>, <c>inputs</c>, <c>outputs</c>).</summary>
    /// <exception cref="FormatException">A parameter type is invalid.</exception>
    public static AbiFunction FunctionFromJson(JsonElement entry) => AbiFunction.Create(
        Name(entry), Parameters(entry, "inputs").Select(p => p.Type).ToArray(), Parameters(entry, "outputs").Select(p => p.Type).ToArray());

    /// <summary>A custom error from one JSON ABI entry.</summary>
    /// <exception cref="FormatException">A parameter type is invalid.</exception>
    public static AbiError ErrorFromJson(JsonElement entry) => new(Name(entry), Parameters(entry, "inputs"));

    /// <summary>An event from one JSON ABI entry (<c>indexed</c> and <c>anonymous</c> honoured).</summary>
    /// <exception cref="FormatException">A parameter type is invalid.</exception>
    public static AbiEvent EventFromJson(JsonElement entry) => new(
        Name(entry),
        Parameters(entry, "inputs"),
        entry.TryGetProperty("anonymous", out var anonymous) && anonymous.ValueKind == JsonValueKind.True);

    /// <summary>
    /// One JSON ABI parameter: <c>{"name", "type", "indexed"?, "components"?}</c>; a <c>tuple</c> type (also <c>tuple[]</c>,
    /// <c>tuple[2][]</c>) takes its shape from <c>components</c>, recursively.
    /// </summary>
    /// <exception cref="FormatException">The type is invalid or a tuple has no components.</exception>
    public static AbiParameter ParameterFromJson(JsonElement parameter)
    {
        var type = parameter.GetProperty("type").GetString() ?? throw new FormatException("An ABI parameter has no type.");
        if (type.StartsWith("tuple", StringComparison.Ordinal))
        {
            if (!parameter.TryGetProperty("components", out var components) || components.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException($"The tuple parameter '{Name(parameter)}' has no components.");
            }

            var tuple = AbiType.Tuple(components.EnumerateArray().Select(c => ParameterFromJson(c).Type).ToArray());
            type = tuple.Canonical + type["tuple".Length..];
        }

        var indexed = parameter.TryGetProperty("indexed", out var i) && i.ValueKind == JsonValueKind.True;
        return new AbiParameter(Name(parameter), AbiType.Parse(type), indexed);
    }

    private static string Name(JsonElement entry) =>
        entry.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString()! : string.Empty;

    private static AbiParameter[] Parameters(JsonElement entry, string member) =>
        entry.TryGetProperty(member, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(ParameterFromJson).ToArray()
            : [];
}
