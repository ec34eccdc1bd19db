"""Word lists for realistic Indonesian demo data."""

FEMALE_FIRST = (
    "Siti", "Sri", "Nur", "Dewi", "Rina", "Aminah", "Yuliani", "Wati", "Eka", "Ratna", "Lina", "Ani", "Rohayati",
    "Euis", "Neneng", "Tuti", "Iis", "Endang", "Dedeh", "Yanti", "Nining", "Heni", "Imas", "Cucu", "Lilis", "Fitri",
    "Ika", "Nurhayati", "Maryam", "Khadijah", "Sumiati", "Kartini", "Rahmawati", "Suryani", "Mulyani", "Fatimah",
    "Rukmini", "Oom", "Popon", "Enok", "Yayah", "Nia", "Desi", "Evi", "Tini", "Susanti", "Rosita", "Halimah",
)
FEMALE_SECOND = (
    "Aisyah", "Rahayu", "Lestari", "Wulandari", "Handayani", "Kurniasih", "Marlina", "Suhartini", "Nurjanah",
    "Puspitasari", "Rosmiati", "Sulastri", "Fauziah", "Komalasari", "Herawati", "Setiawati", "Kusumawati",
    "Anggraeni", "Permatasari", "Hasanah", "Rohmah", "Maesaroh", "Sundari", "Yuningsih", "Hidayah",
)
MALE_FIRST = ("Ahmad", "Budi", "Dedi", "Asep", "Agus", "Iwan", "Joko", "Hendra", "Rudi", "Ujang", "Dadang", "Yusuf")
MALE_SECOND = ("Hidayat", "Saputra", "Setiawan", "Kurniawan", "Gunawan", "Sutisna", "Ramdani", "Firmansyah")
TITLES_NAKES = ("Amd.Keb.", "S.Tr.Keb.", "S.KM.", "S.Gz.", "Amd.Kep.", "S.Kep., Ners")
POSYANDU_NAMES = (
    "Melati", "Mawar", "Anggrek", "Dahlia", "Kenanga", "Flamboyan", "Cempaka", "Teratai", "Nusa Indah", "Pelangi",
    "Kamboja", "Seruni", "Bougenville", "Asoka", "Tulip", "Sakura", "Matahari", "Bintang", "Delima", "Manggis",
)
KECAMATAN = (
    "Cibarusah", "Serang Baru", "Cikarang Timur", "Kedungwaringin", "Karangbahagia", "Sukatani", "Pebayuran",
    "Cabangbungin", "Sukawangi", "Tambelang", "Cikarang Barat", "Tambun Utara", "Setu", "Bojongmangu", "Muaragembong",
    "Babelan", "Tarumajaya", "Cibitung", "Sukakarya", "Cikarang Utara",
)
DESA_STEMS = (
    "Sirnajati", "Ridogalih", "Ridomanah", "Sindangmulya", "Nagacipta", "Sukasari", "Sukaragam", "Jayasampurna",
    "Sukamaju", "Sukamulya", "Mekarsari", "Jayamukti", "Karangmulya", "Sindangsari", "Tanjungsari", "Cibening",
    "Wibawamulya", "Kertarahayu", "Srimahi", "Lambangsari", "Sumberjaya", "Karangsetia", "Bojongsari", "Waluya",
)
STREETS = ("Jl. Raya", "Jl. Kampung", "Gg. Mushola", "Jl. Masjid", "Jl. Balai Desa", "Jl. Pasar")
