using System.ComponentModel.DataAnnotations;

namespace Exactly.Bot.Storage;

/// <summary>Where the bot keeps its SQLite file (section <c>Storage</c>).</summary>
public sealed class StorageOptions
{
    /// <summary>Path of the database file; its folder is created. <c>Storage__Path</c>.</summary>
    [Required(ErrorMessage = "Storage:Path must be set to the SQLite file's path, e.g. Storage__Path=/data/exactly-bot.db.")]
    public string Path { get; set; } = "data/exactly-bot.db";
}
