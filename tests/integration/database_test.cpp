// The storage layer itself, on both back ends.
#include <atomic>
#include <thread>

#include "database_fixture.hpp"
#include "platform/db/migrations.hpp"
#include "platform/errors.hpp"
#include "platform/metrics.hpp"

using namespace rapidtrade;
using platform::db::ConstraintViolation;
using platform::db::Migration;

namespace {

const Migration kMigrations[] = {
    {1, "counters", "CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL CHECK (value >= 0))", {}},
    {2, "notes", "CREATE TABLE notes (id BIGINT PRIMARY KEY, body TEXT); INSERT INTO notes VALUES (1, 'hello')", {}},
};

class StorageTest : public test_support::DatabaseTest {};

}  // namespace

TEST_P(StorageTest, MigrationsApplyOnceAndAreIdempotent) {
    auto first = platform::db::migrate(db(), "test", kMigrations);
    EXPECT_EQ(first.from_version, 0);
    EXPECT_EQ(first.to_version, 2);
    auto second = platform::db::migrate(db(), "test", kMigrations);
    EXPECT_EQ(second.from_version, 2);
    EXPECT_EQ(second.to_version, 2);
    EXPECT_EQ(db().query("SELECT COUNT(*) FROM notes")[0].i64(0), 1);
    EXPECT_EQ(platform::db::schema_version(db()), 2);
}

TEST_P(StorageTest, RefusesASchemaNewerThanTheBinary) {
    platform::db::migrate(db(), "test", kMigrations);
    std::span<const Migration> older(kMigrations, 1);
    EXPECT_THROW(platform::db::migrate(db(), "test", older), platform::db::SchemaTooNew);
}

TEST_P(StorageTest, ParametersTypesAndNulls) {
    platform::db::migrate(db(), "test", kMigrations);
    db().query("INSERT INTO notes (id, body) VALUES ($1, $2)", 2, std::optional<std::string>{});
    db().query("INSERT INTO notes (id, body) VALUES ($2, $1)", "Canapé ✓", 3);
    auto rows = db().query("SELECT id, body FROM notes WHERE id >= $1 ORDER BY id", 2);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].i64(0), 2);
    EXPECT_TRUE(rows[0].is_null(1));
    EXPECT_EQ(rows[1].str(1), "Canapé ✓");
}

TEST_P(StorageTest, ConstraintViolationsAreTyped) {
    platform::db::migrate(db(), "test", kMigrations);
    db().query("INSERT INTO counters VALUES ($1, $2)", "stock", 1);
    try {
        db().query("INSERT INTO counters VALUES ($1, $2)", "stock", 5);
        FAIL() << "duplicate key accepted";
    } catch (const ConstraintViolation& e) {
        EXPECT_EQ(e.kind(), ConstraintViolation::Kind::unique);
    }
    try {
        db().query("UPDATE counters SET value = value - 2 WHERE name = $1", "stock");
        FAIL() << "negative value accepted";
    } catch (const ConstraintViolation& e) {
        EXPECT_EQ(e.kind(), ConstraintViolation::Kind::check);
    }
}

TEST_P(StorageTest, TransactionsRollBackOnException) {
    platform::db::migrate(db(), "test", kMigrations);
    EXPECT_THROW(db().transaction([](platform::db::Connection& c) {
        c.query("INSERT INTO counters VALUES ($1, $2)", "a", 1);
        throw std::runtime_error("boom");
    }),
                 std::runtime_error);
    EXPECT_EQ(db().query("SELECT COUNT(*) FROM counters")[0].i64(0), 0);
    // The connection went back to the pool usable.
    db().transaction([](platform::db::Connection& c) { c.query("INSERT INTO counters VALUES ($1, $2)", "a", 1); });
    EXPECT_EQ(db().query("SELECT COUNT(*) FROM counters")[0].i64(0), 1);
}

// PostgreSQL sends BEGIN with a transaction's first statement (one round trip): whatever that
// statement does (fails, or the transaction is empty), the transaction ends as asked and the
// connection goes back to the pool outside any transaction.
TEST_P(StorageTest, ATransactionWhoseFirstStatementFailsIsRolledBackWhole) {
    platform::db::migrate(db(), "test", kMigrations);
    db().query("INSERT INTO counters VALUES ($1, $2)", "stock", 1);
    EXPECT_THROW(db().transaction([](platform::db::Connection& c) {
        c.query("INSERT INTO counters VALUES ($1, $2)", "stock", 2);  // duplicate: fails first
    }),
                 ConstraintViolation);
    EXPECT_THROW(db().transaction([](platform::db::Connection& c) {
        c.query("INSERT INTO counters VALUES ($1, $2)", "b", 1);
        c.query("INSERT INTO counters VALUES ($1, $2)", "stock", 2);  // fails second: "b" goes too
    }),
                 ConstraintViolation);
    db().transaction([](platform::db::Connection&) {});  // empty: nothing to send
    auto n = db().transaction([](platform::db::Connection& c) {
        c.query("UPDATE counters SET value = value + 1 WHERE name = $1", "stock");
        c.query("INSERT INTO counters VALUES ($1, $2)", "c", 3);
        return c.query("SELECT COUNT(*) FROM counters")[0].i64(0);
    });
    EXPECT_EQ(n, 2);
    // Every pooled connection is outside any transaction: a statement now is committed at once,
    // as another connection sees.
    for (int i = 0; i < 8; ++i) db().query("INSERT INTO notes (id, body) VALUES ($1, $2)", 100 + i, "autocommit");
    auto a = db().acquire();
    auto b = db().acquire();
    EXPECT_EQ(a->query("SELECT COUNT(*) FROM notes WHERE body = $1", "autocommit")[0].i64(0), 8);
    EXPECT_EQ(b->query("SELECT value FROM counters WHERE name = $1", "stock")[0].i64(0), 2);
    EXPECT_EQ(b->query("SELECT COUNT(*) FROM counters WHERE name = $1", "b")[0].i64(0), 0);
}

TEST_P(StorageTest, ConcurrentConditionalDecrementsNeverGoBelowZero) {
    platform::db::migrate(db(), "test", kMigrations);
    db().query("INSERT INTO counters VALUES ($1, $2)", "stock", 50);
    std::atomic<int> succeeded{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 10; ++i) {
                for (int attempt = 0; attempt < 50; ++attempt) {
                    try {
                        auto r = db().transaction([](platform::db::Connection& c) {
                            return c.query("UPDATE counters SET value = value - 1 WHERE name = $1 AND value >= 1",
                                           "stock");
                        });
                        if (r.affected == 1) ++succeeded;
                        break;
                    } catch (const platform::ServiceUnavailable&) {
                        std::this_thread::sleep_for(std::chrono::milliseconds(5));  // busy: retry
                    }
                }
            }
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(succeeded.load(), 50);
    EXPECT_EQ(db().query("SELECT value FROM counters")[0].i64(0), 0);
}

// Each statement's time goes to its own histogram (by statement name) on every run, the histograms
// found once per connection: a second observer (another Metrics) gets the statements from then on.
TEST_P(StorageTest, StatementTimesAreCountedByStatementOnEveryRun) {
    platform::db::migrate(db(), "test", kMigrations);
    // Static: the metrics must outlive the fixture's database, whose pool reports to them until it
    // is closed (the TearDown still leases a connection). One service name per back end.
    static platform::Metrics metrics, other;
    const std::string service = GetParam() == test_support::Backend::sqlite ? "notes_sqlite" : "notes_postgres";
    db().observe(metrics, service);
    auto count = [&service](platform::Metrics& m, const std::string& query) {
        return m.histogram("rapidtrade_db_query_duration_seconds", "", {{"service", service}, {"query", query}})
            .Collect()
            .histogram.sample_count;
    };
    for (int i = 0; i < 3; ++i) db().query("INSERT INTO notes (id, body) VALUES ($1, $2)", 10 + i, "note");
    db().query("SELECT body FROM notes WHERE id = $1", 10);
    db().transaction([](platform::db::Connection& c) { c.query("SELECT body FROM notes WHERE id = $1", 11); });
    EXPECT_EQ(count(metrics, "insert notes"), 3u);
    EXPECT_EQ(count(metrics, "select notes"), 2u);
    EXPECT_EQ(count(metrics, "begin"), 1u);
    EXPECT_EQ(count(metrics, "commit"), 1u);

    db().observe(other, service);
    db().query("SELECT body FROM notes WHERE id = $1", 12);
    EXPECT_EQ(count(other, "select notes"), 1u);
    EXPECT_EQ(count(metrics, "select notes"), 2u);
}

// Writes put off (Connection::later) run no later than the transaction's next statement or its
// COMMIT (on PostgreSQL in that statement's round trip): the transaction reads them, commits them,
// fails whole when one of them fails, and forgets them when it is rolled back.
TEST_P(StorageTest, WritesPutOffRunWithTheNextStatementOrTheCommit) {
    platform::db::migrate(db(), "test", kMigrations);
    db().query("INSERT INTO counters VALUES ($1, $2)", "stock", 1);
    auto count_of = [this](const std::string& name) {
        return db().query("SELECT COUNT(*) FROM counters WHERE name = $1", name)[0].i64(0);
    };

    auto seen = db().transaction([](platform::db::Connection& c) {
        c.later("INSERT INTO counters VALUES ($1, $2)", "a", 1);
        c.later("INSERT INTO counters VALUES ($1, $2)", "b", 2);
        return c.query("SELECT COALESCE(SUM(value), 0) FROM counters WHERE name IN ($1, $2)", "a", "b")[0].i64(0);
    });
    EXPECT_EQ(seen, 3);
    db().transaction([](platform::db::Connection& c) {  // the transaction's only statements
        c.later("UPDATE counters SET value = value + 10 WHERE name = $1", "a");
        c.later("INSERT INTO notes (id, body) VALUES ($1, $2)", 20, "later");
    });
    EXPECT_EQ(db().query("SELECT value FROM counters WHERE name = $1", "a")[0].i64(0), 11);
    EXPECT_EQ(db().query("SELECT body FROM notes WHERE id = $1", 20)[0].str(0), "later");

    // One of them fails at the COMMIT: nothing of the transaction stays, not even what ran first.
    EXPECT_THROW(db().transaction([](platform::db::Connection& c) {
        c.query("UPDATE counters SET value = value + 1 WHERE name = $1", "stock");
        c.later("INSERT INTO counters VALUES ($1, $2)", "c", 1);
        c.later("INSERT INTO counters VALUES ($1, $2)", "stock", 5);  // duplicate key
        c.later("INSERT INTO counters VALUES ($1, $2)", "d", 1);
    }),
                 ConstraintViolation);
    EXPECT_EQ(count_of("c"), 0);
    EXPECT_EQ(count_of("d"), 0);
    EXPECT_EQ(db().query("SELECT value FROM counters WHERE name = $1", "stock")[0].i64(0), 1);

    // ...or at the next statement, which then does not run.
    EXPECT_THROW(db().transaction([](platform::db::Connection& c) {
        c.later("UPDATE counters SET value = value - 5 WHERE name = $1", "stock");  // below zero
        c.query("INSERT INTO counters VALUES ($1, $2)", "e", 1);
    }),
                 ConstraintViolation);
    EXPECT_EQ(count_of("e"), 0);

    // Rolled back before they were sent: forgotten.
    EXPECT_THROW(db().transaction([](platform::db::Connection& c) {
        c.later("INSERT INTO counters VALUES ($1, $2)", "f", 1);
        throw std::runtime_error("changed my mind");
    }),
                 std::runtime_error);
    EXPECT_EQ(count_of("f"), 0);

    // Outside a transaction nothing comes next: it runs at once, as another connection sees.
    {
        auto mine = db().acquire();
        mine->later("INSERT INTO counters VALUES ($1, $2)", "g", 7);
        auto other = db().acquire();
        EXPECT_EQ(other->query("SELECT value FROM counters WHERE name = $1", "g")[0].i64(0), 7);
    }
    // Every pooled connection is usable and outside any transaction afterwards.
    for (int i = 0; i < 8; ++i) db().query("INSERT INTO notes (id, body) VALUES ($1, $2)", 200 + i, "after");
    auto a = db().acquire();
    EXPECT_EQ(a->query("SELECT COUNT(*) FROM notes WHERE body = $1", "after")[0].i64(0), 8);
    EXPECT_EQ(a->query("SELECT COUNT(*) FROM counters")[0].i64(0), 4);  // stock, a, b, g
}

// A write put off is counted in its statement's histogram once it has run.
TEST_P(StorageTest, WritesPutOffAreCountedByStatement) {
    platform::db::migrate(db(), "test", kMigrations);
    static platform::Metrics metrics;  // outlives the fixture's pool (see above)
    const std::string service = GetParam() == test_support::Backend::sqlite ? "later_sqlite" : "later_postgres";
    db().observe(metrics, service);
    db().transaction([](platform::db::Connection& c) {
        for (int i = 0; i < 3; ++i) c.later("INSERT INTO notes (id, body) VALUES ($1, $2)", 30 + i, "note");
        c.later("DELETE FROM notes WHERE id = $1", 30);
    });
    auto count = [&service](const std::string& query) {
        return metrics.histogram("rapidtrade_db_query_duration_seconds", "", {{"service", service}, {"query", query}})
            .Collect()
            .histogram.sample_count;
    };
    EXPECT_EQ(count("insert notes"), 3u);
    EXPECT_EQ(count("delete notes"), 1u);
    EXPECT_EQ(db().query("SELECT COUNT(*) FROM notes WHERE body = $1", "note")[0].i64(0), 2);
}

namespace {

// A thread whose transaction has written (a note "held") and so holds the write lock for `how_long`
// before it commits; returned once the lock is held.
std::thread hold_write_lock(platform::db::Database& db, std::chrono::milliseconds how_long) {
    std::atomic<bool> holding{false};
    std::thread holder([&db, &holding, how_long] {
        db.transaction([&](platform::db::Connection& c) {
            c.query("INSERT INTO notes (id, body) VALUES ($1, $2)", 1000, "held");
            holding = true;
            std::this_thread::sleep_for(how_long);
        });
    });
    while (!holding) std::this_thread::yield();
    return holder;
}

}  // namespace

// Writers that find the write lock taken (a transaction holding it for a while) wait for it and all
// get it: nothing refused, nothing lost.
TEST_P(StorageTest, WritersFindingTheWriteLockTakenWaitForItAndAllWrite) {
    platform::db::migrate(db(), "test", kMigrations);
    auto holder = hold_write_lock(db(), std::chrono::milliseconds(300));
    std::atomic<int> refused{0};
    std::vector<std::thread> writers;
    for (int t = 0; t < 6; ++t)
        writers.emplace_back([&, t] {
            try {
                for (int i = 0; i < 5; ++i) db().query("INSERT INTO notes (id, body) VALUES ($1, $2)", 2000 + t * 10 + i, "waited");
                db().transaction([&](platform::db::Connection& c) {
                    c.query("INSERT INTO notes (id, body) VALUES ($1, $2)", 3000 + t, "waited");
                });
            } catch (const std::exception&) {
                ++refused;
            }
        });
    for (auto& w : writers) w.join();
    holder.join();
    EXPECT_EQ(refused.load(), 0);
    EXPECT_EQ(db().query("SELECT COUNT(*) FROM notes WHERE body = $1", "waited")[0].i64(0), 36);
    EXPECT_EQ(db().query("SELECT COUNT(*) FROM notes WHERE body = $1", "held")[0].i64(0), 1);
}

namespace {
class SqliteStorageTest : public test_support::DatabaseTest {};
}  // namespace

// SQLite only (PostgreSQL queues lock waits itself): a writer waits for the file's write lock
// five seconds at most, then gets a clear "busy" refusal (503 to its caller) and writes nothing;
// the transaction that held the lock commits.
TEST_P(SqliteStorageTest, AWriterWaitsForTheWriteLockFiveSecondsThenIsRefused) {
    platform::db::migrate(db(), "test", kMigrations);
    auto holder = hold_write_lock(db(), std::chrono::milliseconds(5600));
    auto started = std::chrono::steady_clock::now();
    EXPECT_THROW(db().query("INSERT INTO notes (id, body) VALUES ($1, $2)", 1001, "refused"), platform::ServiceUnavailable);
    EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(4900));
    holder.join();
    EXPECT_EQ(db().query("SELECT COUNT(*) FROM notes WHERE body = $1", "held")[0].i64(0), 1);
    EXPECT_EQ(db().query("SELECT COUNT(*) FROM notes WHERE body = $1", "refused")[0].i64(0), 0);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, SqliteStorageTest, ::testing::Values(test_support::Backend::sqlite), test_support::backend_name);
INSTANTIATE_TEST_SUITE_P(Sqlite, StorageTest, ::testing::Values(test_support::Backend::sqlite), test_support::backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, StorageTest, ::testing::Values(test_support::Backend::postgres), test_support::backend_name);

