# chart.gp: lookup cost against token count (valid keys), from bench/out/chart.dat written by
# bench/report.py. Columns: tokens, then token_user and bare (µs per call) for autocommit,
# txn (one read transaction) and hot (whole database in the page cache).
# gnuplot -e "out='bench/lookup-cost.png'; dat='bench/out/chart.dat'" bench/chart.gp
set terminal pngcairo size 900,560 font "sans,10"
set output out
set title "Lookup cost vs token count (valid key): token\\_user(?) vs the bare DRF join"
set xlabel "tokens in authtoken_token"
set ylabel "µs per lookup (median)"
set logscale xy
set grid
set key outside right top
set xtics ("10k" 1e4, "100k" 1e5, "1M" 1e6, "10M" 1e7)
plot dat using 1:2 with linespoints lw 2 pt 7 lc rgb "#c0392b" title "token_user, autocommit", \
     dat using 1:3 with linespoints lw 2 pt 6 dt 2 lc rgb "#c0392b" title "bare join, autocommit", \
     dat using 1:4 with linespoints lw 2 pt 5 lc rgb "#2471a3" title "token_user, transaction", \
     dat using 1:5 with linespoints lw 2 pt 4 dt 2 lc rgb "#2471a3" title "bare join, transaction", \
     dat using 1:6 with linespoints lw 2 pt 9 lc rgb "#1e8449" title "token_user, hot cache", \
     dat using 1:7 with linespoints lw 2 pt 8 dt 2 lc rgb "#1e8449" title "bare join, hot cache"
