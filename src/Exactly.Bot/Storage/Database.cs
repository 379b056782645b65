using Dapper;
using Microsoft.Data.Sqlite;

namespace Exactly.Bot.Storage;

/// <summary>
/// The bot's SQLite file. One connection per unit of work (connections are not thread-safe); WAL with
/// <c>synchronous=FULL</c> so a committed row survives a crash and a power loss (PLATFORMS.md, SQLite).
/// </summary>
public sealed class Database
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE IF NOT EXISTS signing_sessions (
            id           TEXT PRIMARY KEY,
            transport    TEXT NOT NULL,
            chat_id      TEXT NOT NULL,
            user_id      TEXT NOT NULL,
            command      TEXT NOT NULL,
            quote_json   TEXT NOT NULL,
            status       TEXT NOT NULL,
            created_at   INTEGER NOT NULL,
            expires_at   INTEGER NOT NULL
        );
        """,
        // Transports (issue 6): inbound dedupe keys recorded in the same transaction as their effect, an outbox of
        // messages to deliver (rate-limited, priority then FIFO per chat), and small per-transport state (Telegram offset).
        """
        CREATE TABLE IF NOT EXISTS inbound_events (
            transport    TEXT NOT NULL,
            event_id     TEXT NOT NULL,
            state        TEXT NOT NULL,
            payload      TEXT,
            received_at  INTEGER NOT NULL,
            PRIMARY KEY (transport, event_id)
        );
        CREATE TABLE IF NOT EXISTS outbox (
            id           INTEGER PRIMARY KEY AUTOINCREMENT,
            transport    TEXT NOT NULL,
            chat_id      TEXT NOT NULL,
            kind         TEXT NOT NULL,
            priority     INTEGER NOT NULL,
            payload      TEXT NOT NULL,
            source_event TEXT,
            status       TEXT NOT NULL DEFAULT 'pending',
            attempts     INTEGER NOT NULL DEFAULT 0,
            not_before   INTEGER NOT NULL DEFAULT 0,
            created_at   INTEGER NOT NULL,
            sent_at      INTEGER,
            result       TEXT
        );
        CREATE INDEX IF NOT EXISTS outbox_open ON outbox (transport, status, chat_id, priority, id);
        CREATE TABLE IF NOT EXISTS transport_state (
            transport    TEXT NOT NULL,
            key          TEXT NOT NULL,
            value        TEXT NOT NULL,
            PRIMARY KEY (transport, key)
        );
        """,
        // Signing (issue 5): the session state machine. The connected account, the page token of the one window that may
        // proceed, the server's own plan (what was asked to sign; never a signature), the hash of the calldata handed out,
        // the transaction hash and the outcome posted to the chat.
        """
        ALTER TABLE signing_sessions ADD COLUMN account TEXT;
        ALTER TABLE signing_sessions ADD COLUMN page_token TEXT;
        ALTER TABLE signing_sessions ADD COLUMN plan_json TEXT;
        ALTER TABLE signing_sessions ADD COLUMN call_hash TEXT;
        ALTER TABLE signing_sessions ADD COLUMN tx_hash TEXT;
        ALTER TABLE signing_sessions ADD COLUMN outcome TEXT;
        ALTER TABLE signing_sessions ADD COLUMN updated_at INTEGER;
        CREATE INDEX IF NOT EXISTS signing_sessions_status ON signing_sessions (status);
        """,
        // A session is keyed by the inbound event that asked for it (Telegram update_id, Discord interaction id): an event
        // redone after a crash before its reply committed reuses its session instead of creating a second one.
        """
        ALTER TABLE signing_sessions ADD COLUMN source_event TEXT;
        CREATE UNIQUE INDEX IF NOT EXISTS signing_sessions_source ON signing_sessions (transport, source_event) WHERE source_event IS NOT NULL;
        """,
        // The submitted transaction's nonce (decimal), once the node has shown it: a replacement is recognised after a restart too.
        """
        ALTER TABLE signing_sessions ADD COLUMN tx_nonce TEXT;
        """,
        // Issue 10 item 12: the per-user quote limit counts a user's recent sessions, and the retention sweep finds old rows,
        // each by an index instead of a scan of the whole table.
        """
        CREATE INDEX IF NOT EXISTS signing_sessions_user ON signing_sessions (transport, user_id, created_at);
        CREATE INDEX IF NOT EXISTS signing_sessions_created ON signing_sessions (created_at);
        CREATE INDEX IF NOT EXISTS inbound_events_received ON inbound_events (received_at);
        CREATE INDEX IF NOT EXISTS outbox_created ON outbox (created_at);
        """,
        // Issue 12: wallets a chat user watches (watch-only or linked by Sign-In with Ethereum), their alert rules, and the
        // latched tier state the monitor commits together with the alerts it causes. Thresholds are WAD decimal strings.
        // Snoozes are per chat user. A wallet's rows go with it.
        """
        CREATE TABLE IF NOT EXISTS watched_wallets (
            id             INTEGER PRIMARY KEY AUTOINCREMENT,
            transport      TEXT NOT NULL,
            user_id        TEXT NOT NULL,
            address        TEXT NOT NULL,
            label          TEXT NOT NULL,
            linked_at      INTEGER,
            warning_wad    TEXT NOT NULL,
            danger_wad     TEXT NOT NULL,
            rearm_wad      TEXT NOT NULL,
            fix_target_wad TEXT NOT NULL,
            alerts_on      INTEGER NOT NULL DEFAULT 1,
            created_at     INTEGER NOT NULL,
            UNIQUE (transport, user_id, address),
            UNIQUE (transport, user_id, label)
        );
        CREATE INDEX IF NOT EXISTS watched_wallets_address ON watched_wallets (address);
        CREATE TABLE IF NOT EXISTS wallet_tier_state (
            wallet_id      INTEGER PRIMARY KEY REFERENCES watched_wallets (id) ON DELETE CASCADE,
            latched        INTEGER NOT NULL,
            latched_since  INTEGER,
            last_block     INTEGER,
            last_tier      INTEGER NOT NULL,
            last_clear_of  INTEGER NOT NULL,
            updated_at     INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS alert_users (
            transport      TEXT NOT NULL,
            user_id        TEXT NOT NULL,
            snoozed_until  INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (transport, user_id)
        );
        """,
        // Issue 12 items 5 and 6: the monitor's own state (the last evaluated block, and whether subscribers were told that
        // monitoring is paused, so a restart neither repeats nor loses the notices) and each watched address's readings,
        // stored when they change (USD WAD decimal strings), kept for the health trend of /position.
        """
        CREATE TABLE IF NOT EXISTS monitor_state (
            id              INTEGER PRIMARY KEY CHECK (id = 1),
            last_block      INTEGER,
            last_block_time INTEGER,
            evaluated_at    INTEGER,
            paused_since    INTEGER,
            paused_notified INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE IF NOT EXISTS position_readings (
            address        TEXT NOT NULL,
            block          INTEGER NOT NULL,
            block_time     INTEGER NOT NULL,
            collateral     TEXT NOT NULL,
            debt           TEXT NOT NULL,
            health_wad     TEXT,
            recorded_at    INTEGER NOT NULL,
            PRIMARY KEY (address, block)
        );
        CREATE INDEX IF NOT EXISTS position_readings_recorded ON position_readings (recorded_at);
        """,
        // Issue 12: /link challenges for Sign-In with Ethereum. The id is also the message's nonce (128 random bits); used_at
        // makes it single use across restarts, committed together with the linked wallet. A user's new /link deletes their
        // older rows, so the table holds about one row per user and needs no retention sweep.
        """
        CREATE TABLE IF NOT EXISTS link_challenges (
            id             TEXT PRIMARY KEY,
            transport      TEXT NOT NULL,
            user_id        TEXT NOT NULL,
            chat_id        TEXT NOT NULL,
            label          TEXT,
            created_at     INTEGER NOT NULL,
            expires_at     INTEGER NOT NULL,
            used_at        INTEGER,
            address        TEXT
        );
        CREATE INDEX IF NOT EXISTS link_challenges_user ON link_challenges (transport, user_id);
        """,
        // Issue 13: local health state from logs (one row: the head reached and the serialized book), so a restart resumes.
        """
        CREATE TABLE IF NOT EXISTS local_health (
            id        INTEGER PRIMARY KEY CHECK (id = 1),
            head      INTEGER NOT NULL,
            state     BLOB NOT NULL,
            saved_at  INTEGER NOT NULL
        );
        """,
        // Issue 12: a session the bot made on its own (an alert's fix link) is marked, so the per-user quote limit counts only
        // the quotes a user asked for.
        """
        ALTER TABLE signing_sessions ADD COLUMN by_bot INTEGER NOT NULL DEFAULT 0;
        """,
        // Issue 12 item 3: the notices besides health tiers, each committed with the block that caused it. Per watched wallet
        // the maturity reminder stage already sent per fixed borrow (MaturityState's text form); per market the pause and
        // freeze last told to its users, so each change (and its undoing) is told once across restarts.
        """
        CREATE TABLE IF NOT EXISTS maturity_notices (
            wallet_id  INTEGER PRIMARY KEY REFERENCES watched_wallets (id) ON DELETE CASCADE,
            sent       TEXT NOT NULL,
            block      INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS market_notices (
            market     TEXT PRIMARY KEY,
            paused     INTEGER NOT NULL,
            frozen     INTEGER NOT NULL,
            block      INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        """,
    ];

    private readonly string connectionString;

    static Database() => SQLitePCL.Batteries_V2.Init();

    /// <summary>Opens (and creates or migrates) the database file at <paramref name="path"/>.</summary>
    public Database(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 10 }.ToString();
        using var connection = Open();
        connection.Execute("PRAGMA journal_mode=WAL;");
        var version = connection.ExecuteScalar<long>("PRAGMA user_version;");
        for (var i = (int)version; i < Migrations.Length; i++)
        {
            using var transaction = connection.BeginTransaction();
            connection.Execute(Migrations[i], transaction: transaction);
            connection.Execute($"PRAGMA user_version = {i + 1};", transaction: transaction);
            transaction.Commit();
        }
    }

    /// <summary>A new open connection with the per-connection pragmas set. Dispose it when the unit of work ends.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        connection.Execute("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
        return connection;
    }
}
