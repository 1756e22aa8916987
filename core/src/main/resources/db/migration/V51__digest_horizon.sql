-- How far digest runs have reached: the latest end of any run's window (one row, written by every run). A story is
-- released after it, never at or before it: readers' cursors stand there, and a story released behind them would
-- reach none of them, as when the clock goes back or another node's clock is ahead.
create table digest_horizon (
    id            int primary key,
    covered_until timestamp with time zone not null
);
